import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

function withWebhook(webhook: unknown, extra: Record<string, unknown> = {}, role = 'frontend') {
  return () => parseConfig({ profile: 'dev', clients: [{ id: 'city-portal', role, key: 'city-portal-key-0001', webhook }], ...extra });
}

describe('clients[].webhook', () => {
  it('takes an https URL or, in the dev profile, http to this machine, with a 5 s timeout by default', () => {
    const config = parseConfig({ profile: 'dev', clients: [{ id: 'city-portal', role: 'frontend', key: 'city-portal-key-0001', webhook: { url: 'https://portal.example/hooks', secret: SECRET } }] });
    expect(config.clients[0]!.webhook).toEqual({ url: 'https://portal.example/hooks', secret: SECRET, timeoutMs: 5000 });
    expect(config.webhooks).toEqual({ maxAttempts: 10, baseDelayMs: 5000, multiplier: 3, maxDelayMs: 3_600_000, pollIntervalMs: 1000, concurrency: 4 });
    expect(withWebhook({ url: 'http://127.0.0.1:9000/hooks', secret: SECRET })).not.toThrow();
  });

  it('refuses plain http to another host, URLs with credentials, and http in production, naming the setting', () => {
    expect(withWebhook({ url: 'http://portal.example/hooks', secret: SECRET })).toThrow(/'clients\.0\.webhook\.url': an https URL/);
    expect(withWebhook({ url: 'https://user:pass@portal.example/hooks', secret: SECRET })).toThrow(/'clients\.0\.webhook\.url'/);
    expect(withWebhook({ url: 'not a url', secret: SECRET })).toThrow(/'clients\.0\.webhook\.url'/);
    expect(() =>
      parseConfig({ profile: 'production', clients: [{ id: 'city-portal', role: 'frontend', key: 'city-portal-key-0123456789', webhook: { url: 'http://127.0.0.1:9000/hooks', secret: SECRET } }] }),
    ).toThrow(/'clients\.0\.webhook\.url': production webhooks need https/);
  });

  it('refuses a secret that is not whsec_ and the base64 of 24 to 64 bytes', () => {
    const url = 'https://portal.example/hooks';
    for (const secret of [randomBytes(32).toString('base64'), `whsec_${randomBytes(16).toString('base64')}`, `whsec_${randomBytes(65).toString('base64')}`, 'whsec_not*base64!']) {
      expect(withWebhook({ url, secret }), secret).toThrow(/'clients\.0\.webhook\.secret': a Standard Webhooks secret/);
    }
  });

  it('refuses a webhook on a client that is not a frontend, unknown keys, and timeouts out of range', () => {
    const webhook = { url: 'https://portal.example/hooks', secret: SECRET };
    expect(withWebhook(webhook, {}, 'staff')).toThrow(/'clients\.0\.webhook': only frontend clients/);
    expect(withWebhook({ ...webhook, retries: 3 })).toThrow(/'clients\.0\.webhook\.retries': is not a known setting/);
    expect(withWebhook({ ...webhook, timeoutMs: 10 })).toThrow(/'clients\.0\.webhook\.timeoutMs'/);
    expect(withWebhook(webhook, { webhooks: { maxAttempts: 0 } })).toThrow(/'webhooks\.maxAttempts'/);
  });
});
