import { auditedScript } from './audit-scripts.js';
import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/** ARGV: prefix, application id, field [system,messageId], record JSON. ARGV 5–9 audit (audit-scripts.ts). Returns 1, 0 for an unknown application, or audit-stale. */
export const upsertDeliveryScript = auditedScript(
  `
local application, field = ARGV[2], ARGV[3]
if redis.call('EXISTS', app_key(application)) == 0 then return 0 end
if redis.call('HSET', deliveries_key(application), field, ARGV[4]) == 1 then
  redis.call('RPUSH', delivery_order_key(application), field)
end
return 1
`,
  5,
);

/**
 * ARGV: prefix, id, application id, then field/value pairs (null fields left out).
 * Returns 'ok', 'application-not-found' or 'duplicate-certificate'.
 */
export const saveCertificateScript = new LuaScript(`${LUA_LIBRARY}
local id, application = ARGV[2], ARGV[3]
if redis.call('EXISTS', app_key(application)) == 0 then return 'application-not-found' end
if redis.call('EXISTS', certificate_key(id)) == 1 then return 'duplicate-certificate' end
redis.call('HSET', certificate_key(id), unpack(ARGV, 4))
redis.call('SADD', app_certificates_key(application), id)
return 'ok'
`);

/** ARGV: prefix, id, now, reason. ARGV 5–9 audit. Returns 1, 0 when unknown or already revoked, or audit-stale. */
export const revokeCertificateScript = auditedScript(
  `
local key = certificate_key(ARGV[2])
if redis.call('EXISTS', key) == 0 or redis.call('HEXISTS', key, 'revokedAt') == 1 then return 0 end
redis.call('HSET', key, 'revokedAt', ARGV[3], 'revocationReason', ARGV[4])
return 1
`,
  5,
);
