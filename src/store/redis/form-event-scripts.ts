import { LUA_LIBRARY } from './keys.js';
import { LuaScript } from './lua-script.js';

/** Arguments per event after the header of {@link recordFormEventsScript}. */
export const FORM_EVENT_ARGS = 7;

/**
 * ARGV: prefix, session TTL seconds, bucket count n, n bucket upper bounds
 * (seconds), then per event: procedure, session, pointer, event, at ms, day,
 * code. Applies the events in order with the semantics of `FormEventStore`;
 * the time-to-submit bucket is the first bound >= the seconds, else `inf`.
 */
export const recordFormEventsScript = new LuaScript(`${LUA_LIBRARY}
local ttl = tonumber(ARGV[2])
local bucket_count = tonumber(ARGV[3])
local first_event = 4 + bucket_count
local function bucket_of(seconds)
  for i = 1, bucket_count do
    if seconds <= tonumber(ARGV[3 + i]) then return ARGV[3 + i] end
  end
  return 'inf'
end
local function bump(procedure, day, metric, pointer, code, by)
  redis.call('HINCRBY', form_counts_key(procedure, day), metric .. '|' .. pointer .. '|' .. code, by)
end
for i = first_event, #ARGV, ${FORM_EVENT_ARGS} do
  local procedure, session, pointer, event, at_ms, day, code = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4]), ARGV[i + 5], ARGV[i + 6]
  local key = form_session_key(procedure, session)
  local state = redis.call('HMGET', key, 'day', 'start', 'left', 'submitted')
  if not state[1] then
    redis.call('HSET', key, 'day', day, 'start', at_ms)
    redis.call('EXPIRE', key, ttl)
    bump(procedure, day, 'started', '', '', 1)
    state = { day, at_ms, false, false }
  end
  local session_day, left = state[1], state[3]
  if not state[4] then
    if event == 'view' or event == 'focus' then
      if pointer ~= '' and redis.call('HSETNX', key, 'reached ' .. pointer, '1') == 1 then bump(procedure, session_day, 'reached', pointer, '', 1) end
    elseif event == 'error' then
      if redis.call('HSETNX', key, 'errored ' .. pointer .. ' ' .. code, '1') == 1 then bump(procedure, session_day, 'errored', pointer, code, 1) end
    elseif event == 'leave' then
      if left ~= pointer then
        if left then bump(procedure, session_day, 'left', left, '', -1) end
        bump(procedure, session_day, 'left', pointer, '', 1)
        redis.call('HSET', key, 'left', pointer)
      end
    elseif event == 'submit' then
      if left then bump(procedure, session_day, 'left', left, '', -1) end
      redis.call('HDEL', key, 'left')
      redis.call('HSET', key, 'submitted', '1')
      bump(procedure, session_day, 'submitted', '', '', 1)
      local seconds = math.max(0, (at_ms - tonumber(state[2])) / 1000)
      bump(procedure, session_day, 'submit-time', '', bucket_of(seconds), 1)
    end
  end
end
return 'ok'
`);
