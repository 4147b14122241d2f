import { createHash } from "node:crypto";

/** A Lua script, sent by its SHA-1 (EVALSHA) once Redis has it. */
export interface Script {
  name: string;
  source: string;
  sha: string;
}

function script(name: string, source: string): Script {
  return { name, source, sha: createHash("sha1").update(source).digest("hex") };
}

// Times are Redis's own clock (TIME), so processes whose clocks disagree still agree on every lease.
const NOW = `if redis.replicate_commands then redis.replicate_commands() end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

/** What ACQUIRE answers first. */
export const GRANTED = 0;
export const PAUSED = 1;
export const FULL = 2;
export const CREDITS_LOW = 3;

/**
 * Takes a slot if no pause holds and the credits are not below the floor. KEYS: slots (a sorted set of slot ids
 * scored by lease expiry), pause, credits. ARGV: max, leaseMs, slot id, floor (0: none).
 * Answers {GRANTED}, {PAUSED, ms left}, {FULL, ms until the next lease expires}, {CREDITS_LOW, ms until the
 * reading expires, credits}.
 */
export const ACQUIRE = script(
  "acquire",
  `${NOW}
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {1, paused} end
local floor = tonumber(ARGV[4])
if floor > 0 then
  local left = tonumber(redis.call('GET', KEYS[3]) or '')
  if left and left < floor then return {3, redis.call('PTTL', KEYS[3]), left} end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {2, tonumber(first[2]) - now}
end
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
redis.call('PEXPIRE', KEYS[1], 2 * lease)
return {0}`,
);

/**
 * Extends the leases of slots still in use. KEYS: slots. ARGV: leaseMs, slot ids. A slot whose lease lapsed (a
 * stalled process) or that a restarted Redis forgot is added back: its request is still in flight.
 */
export const RENEW = script(
  "renew",
  `${NOW}
local lease = tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + lease, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], 2 * lease)
return #ARGV - 1`,
);

/** Holds every process's requests for ARGV[1] ms unless a longer pause is already set. KEYS: pause. */
export const PAUSE = script(
  "pause",
  `local ms = tonumber(ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left >= ms then return left end
redis.call('SET', KEYS[1], '1', 'PX', ms)
return ms`,
);
