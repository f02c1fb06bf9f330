import { describe, expect, it } from 'vitest';
import { devIssuanceConfig, IssuanceConfigSchema } from '../../src/issuance/issuance-config.js';

const valid = {
  city: { name: '大阪市', localGovernmentCode: '271004', mayor: '大阪　太郎' },
  signer: { keyFile: '/etc/kakehashi/signer-key.pem', certificateFile: '/etc/kakehashi/signer.pem', chainFiles: ['/etc/kakehashi/organization-ca.pem'] },
  trustAnchorFile: '/etc/kakehashi/city-root.pem',
  verificationBaseUrl: 'https://gateway.example.lg.jp',
};

const issuePaths = (raw: unknown) => {
  const parsed = IssuanceConfigSchema.safeParse(raw);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
};

describe('IssuanceConfigSchema', () => {
  it('fills the terminal and a three-month validity', () => {
    expect(IssuanceConfigSchema.parse(valid)).toMatchObject({ city: { terminal: 'ONLINE01' }, validityMonths: 3, testDocuments: false });
  });

  it('refuses a 地方公共団体コード with a wrong check digit, a hyphen in the city name, and unknown settings', () => {
    expect(issuePaths({ ...valid, city: { ...valid.city, localGovernmentCode: '271005' } })).toEqual(['city.localGovernmentCode']);
    expect(issuePaths({ ...valid, city: { ...valid.city, name: '大阪-市' } })).toEqual(['city.name']);
    expect(issuePaths({ ...valid, city: { ...valid.city, terminal: 'online 1' } })).toEqual(['city.terminal']);
    expect(issuePaths({ ...valid, verificationBaseUrl: 'javascript:alert(1)' })).toEqual(['verificationBaseUrl']);
    expect(issuePaths({ ...valid, validityMonths: 0 })).toEqual(['validityMonths']);
    expect(issuePaths({ ...valid, signer: { ...valid.signer, password: 'x' } })).toEqual(['signer']);
    expect(issuePaths({ ...valid, trustAnchorFile: undefined })).toEqual(['trustAnchorFile']);
  });

  it('points the dev profile at the dev PKI’s city files', () => {
    const config = devIssuanceConfig('certs/dev', 'http://127.0.0.1:8080');
    expect(config.signer).toEqual({ keyFile: 'certs/dev/city-signer-key.pem', certificateFile: 'certs/dev/city-signer.pem', chainFiles: ['certs/dev/lgpki-organization-ca.pem'] });
    expect(config.trustAnchorFile).toBe('certs/dev/city-root.pem');
    expect(config.testDocuments).toBe(true);
  });
});
