import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigurationError } from '../src/errors.js';

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kakehashi-config-')), 'kakehashi.yaml');
  writeFileSync(file, text);
  return file;
}

const productionClient =
  'clients:\n  - { id: city-portal, role: frontend, key: "0123456789abcdef01234567" }\naccessTokenSecret: "0123456789abcdef0123456789abcdef"\n' +
  'pki: { trustAnchorFiles: [/etc/kakehashi/jpki-root.pem], crlSources: [{ kind: url, url: "http://crl.example/jpki.crl" }] }\n' +
  'systems: { residentRegistry: { baseUrl: "http://juki.city.example" }, welfare: { baseUrl: "http://fukushi.city.example" }, tax: { exchangeDirectory: /srv/tax-exchange } }\n' +
  'callbacks: { secrets: { welfare: "0123456789abcdef0123456789abcdef", convenience-store: "fedcba9876543210fedcba9876543210" } }\n' +
  'convenienceStore: { baseUrl: "https://konbini.example", apiKey: "store-network-key-0001" }\n' +
  'issuance:\n  city: { name: 大阪市, localGovernmentCode: "271004", mayor: 大阪市長 }\n' +
  '  signer: { keyFile: /etc/kakehashi/signer-key.pem, certificateFile: /etc/kakehashi/signer.pem }\n' +
  '  trustAnchorFile: /etc/kakehashi/city-root.pem\n  verificationBaseUrl: "https://kakehashi.city.example"\n';

describe('configuration', () => {
  it('gives the dev profile its dev clients (two staff, for four eyes) and embedded defaults', () => {
    const config = loadConfig({});
    expect(config.profile).toBe('dev');
    expect(config.port).toBe(8080);
    expect(config.store).toEqual({ kind: 'sqlite', path: 'data/kakehashi.db' });
    expect(config.clients.map((client) => client.key)).toEqual(['dev-frontend-key', 'dev-staff-key', 'dev-staff-2-key', 'dev-store-key']);
    expect(config.rateLimits.submissions).toEqual({ limit: 3000, windowSeconds: 60, burst: 500 });
    expect(config.rateLimits.pickupLookupFailures).toEqual({ perTerminal: { limit: 10, windowSeconds: 3600, burst: 5 }, perClient: { limit: 120, windowSeconds: 3600, burst: 60 } });
  });

  it('reads a YAML file named by KAKEHASHI_CONFIG, the environment winning', () => {
    const file = configFile('port: 9000\nlogLevel: warn\ncors: { origins: ["https://apply.city.example"] }\n');
    const config = loadConfig({ KAKEHASHI_CONFIG: file, PORT: '9100' });
    expect(config.port).toBe(9100);
    expect(config.logLevel).toBe('warn');
    expect(config.cors.origins).toEqual(['https://apply.city.example']);
  });

  it('refuses the dev keys in production, naming the setting', () => {
    const file = configFile('clients:\n  - { id: portal, role: frontend, key: dev-frontend-key }\naccessTokenSecret: "0123456789abcdef0123456789abcdef"\n');
    expect(() => loadConfig({ NODE_ENV: 'production', KAKEHASHI_CONFIG: file })).toThrow(/clients\.0\.key.*dev key 'dev-frontend-key'/);
    const second = configFile('clients:\n  - { id: ops, role: staff, key: dev-staff-2-key }\naccessTokenSecret: "0123456789abcdef0123456789abcdef"\n');
    expect(() => loadConfig({ NODE_ENV: 'production', KAKEHASHI_CONFIG: second })).toThrow(/clients\.0\.key.*dev key 'dev-staff-2-key'/);
  });

  it('does not give production the dev clients', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/clients/);
    const config = loadConfig({ NODE_ENV: 'production', KAKEHASHI_CONFIG: configFile(productionClient) });
    expect(config.clients).toEqual([{ id: 'city-portal', role: 'frontend', key: "0123456789abcdef01234567" }]);
  });

  it('takes the city identity provider for staff sign-in in production over https only, naming the setting', () => {
    const staff = (issuer: string) => `staff: { oidc: { issuer: "${issuer}", clientId: kakehashi-console, clientSecret: "console-client-secret-0001", redirectUri: "https://kakehashi.city.example/console/callback" } }\n`;
    const config = loadConfig({ NODE_ENV: 'production', KAKEHASHI_CONFIG: configFile(productionClient + staff('https://idp.city.example')) });
    expect(config.staff.oidc?.issuer).toBe('https://idp.city.example');
    expect(config.staff.session).toEqual({ idleMinutes: 30, absoluteHours: 10 });
    expect(() => loadConfig({ NODE_ENV: 'production', KAKEHASHI_CONFIG: configFile(productionClient + staff('http://idp.city.example')) })).toThrow(
      /'staff\.oidc\.issuer': must be an https URL in production/,
    );
  });

  it('refuses production without JPKI trust anchors, revocation source, or with simulators', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', KAKEHASHI_CONFIG: configFile(productionClient.replace(/pki:.*\n/, '')) })).toThrow(/pki\.trustAnchorFiles/);
    expect(() => loadConfig({ NODE_ENV: 'production', KAKEHASHI_CONFIG: configFile(`${productionClient}simulators: { enabled: true }\n`) })).toThrow(/simulators\.enabled/);
  });

  it.each([
    ['an invalid port', { PORT: 'eighty' }, /port/],
    ['an unknown setting', { KAKEHASHI_CONFIG: configFile('prot: 80\n') }, /prot/],
    ['a short HMAC secret', { KAKEHASHI_CONFIG: configFile('callbacks: { secrets: { welfare: short } }\n') }, /callbacks\.secrets\.welfare/],
    ['a YAML syntax error', { KAKEHASHI_CONFIG: configFile('port: [\n') }, /kakehashi\.yaml/],
    ['a missing file', { KAKEHASHI_CONFIG: '/nonexistent/kakehashi.yaml' }, /nonexistent.*ENOENT/],
    ['a trusted proxy that is not an IP address', { KAKEHASHI_CONFIG: configFile('trustedProxies: [proxy.city.example]\n') }, /trustedProxies\.0.*IP address/],
    ['a rate limit with no burst', { KAKEHASHI_CONFIG: configFile('rateLimits: { submissions: { limit: 10, windowSeconds: 60, burst: 0 } }\n') }, /rateLimits\.submissions\.burst/],
    ['an unknown pickup lookup limit', { KAKEHASHI_CONFIG: configFile('rateLimits: { pickupLookupFailures: { perKiosk: null } }\n') }, /rateLimits\.pickupLookupFailures.*perKiosk/],
  ])('stops on %s with a message naming it', (_name, env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it("validates payment providers and the store network with their adapters' own rules, naming the setting", () => {
    const provider = (settings: string) => configFile(`payment: { providers: { city-card: { baseUrl: "https://pay.example", apiKey: "k"${settings} } } }\n`);
    // the adapter takes any non-empty key and sets its own timeout and retries
    expect(loadConfig({ KAKEHASHI_CONFIG: provider('') }).payment.providers['city-card']).toEqual({ baseUrl: 'https://pay.example', apiKey: 'k', timeoutMs: 3000, retries: 2 });
    expect(() => loadConfig({ KAKEHASHI_CONFIG: provider(', retries: 9') })).toThrow(/'payment\.providers\.city-card\.retries'/);
    expect(() => loadConfig({ KAKEHASHI_CONFIG: provider(', timeoutMs: 10') })).toThrow(/'payment\.providers\.city-card\.timeoutMs'/);
    const store = (settings: string) => configFile(`convenienceStore: { baseUrl: "https://konbini.example", apiKey: "k"${settings} }\n`);
    expect(loadConfig({ KAKEHASHI_CONFIG: store(', municipalityCode: "271276"') }).convenienceStore).toMatchObject({ municipalityCode: '271276', retries: 2, pickupValidityDays: 14 });
    expect(() => loadConfig({ KAKEHASHI_CONFIG: store(', municipalityCode: "27"') })).toThrow(/'convenienceStore\.municipalityCode'/);
    expect(() => loadConfig({ KAKEHASHI_CONFIG: store(', proxy: "x"') })).toThrow(/'convenienceStore\.proxy': is not a known setting/);
  });
});
