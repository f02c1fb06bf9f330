import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/**
 * ARGV: prefix, `[system,receiptId]`, now ms, keepUntil ms. A receipt whose
 * stored keepUntil is after now is a 'duplicate'; otherwise the receipt is
 * (re)written with a TTL of keepUntil − now, which is what purges it, and the
 * answer is 'recorded'. The stored time, not the TTL alone, decides, so the
 * caller's clock rules as it does for the SQLite store.
 */
export const recordCallbackReceiptScript = new LuaScript(`${LUA_LIBRARY}
local key = callback_receipt_key(ARGV[2])
local now_ms, keep_until_ms = tonumber(ARGV[3]), tonumber(ARGV[4])
local kept = redis.call('GET', key)
if kept and tonumber(kept) > now_ms then return 'duplicate' end
redis.call('SET', key, ARGV[4], 'PX', math.max(1, keep_until_ms - now_ms))
return 'recorded'
`);
