import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/**
 * The audit part every audited script shares. The caller chains the entry in
 * TypeScript from the head it read and passes 5 ARGV values from `offset`:
 * the head seq it read (or '' for no entry), the entry's seq, its JSON, its
 * hash and its time in ms. The script returns 'audit-stale' without changing
 * anything when another append moved the head meanwhile (the caller reads
 * again and retries), so two appends never share a seq or prevHash.
 *
 * - `audit:entries` hash seq → entry JSON; `audit:order` zset of seqs by seq;
 *   `audit:at` zset of seqs by time ms; `audit:head` hash { seq, hash };
 *   `audit:checkpoints` hash day → checkpoint JSON
 */
const LUA_AUDIT = `
local AUDIT_HEAD = PREFIX .. 'audit:head'
local AUDIT_ENTRIES = PREFIX .. 'audit:entries'
local AUDIT_ORDER = PREFIX .. 'audit:order'
local AUDIT_AT = PREFIX .. 'audit:at'

local function append_audit(offset)
  local seq, entry, hash, at_ms = ARGV[offset + 1], ARGV[offset + 2], ARGV[offset + 3], ARGV[offset + 4]
  redis.call('HSET', AUDIT_ENTRIES, seq, entry)
  redis.call('ZADD', AUDIT_ORDER, seq, seq)
  redis.call('ZADD', AUDIT_AT, at_ms, seq)
  redis.call('HSET', AUDIT_HEAD, 'seq', seq, 'hash', hash)
end

-- Runs the operation; appends the entry only when it returned 1 (the change happened).
local function audited(operation, offset)
  if ARGV[offset] == '' then return operation() end
  if (redis.call('HGET', AUDIT_HEAD, 'seq') or '0') ~= ARGV[offset] then return 'audit-stale' end
  local result = operation()
  if result == 1 then append_audit(offset) end
  return result
end
`;

/** Number of ARGV values the audit part takes. */
export const AUDIT_ARGS = 5;

/**
 * A script whose `body` (which returns 1 when it changed something) is
 * followed by the audit append in the same atomic run. `offset` is the ARGV
 * index of the first audit value.
 */
export function auditedScript(body: string, offset: number): LuaScript {
  return new LuaScript(`${LUA_LIBRARY}${LUA_AUDIT}
local function operation()
${body}
end
return audited(operation, ${offset})
`);
}

/** ARGV: prefix, then the audit values. Appends one entry; returns 1 or 'audit-stale'. */
export const appendAuditScript = auditedScript('return 1', 2);

/** ARGV: prefix, day, checkpoint JSON. Returns 1, or 0 when the day has one. */
export const saveAuditCheckpointScript = new LuaScript(`${LUA_LIBRARY}
return redis.call('HSETNX', PREFIX .. 'audit:checkpoints', ARGV[2], ARGV[3])
`);
