// @zohokit/redis: one org's rate limits shared by every process through Redis.
export { LimiterErrorCodes } from "./errors.js";
export type { CreditsEvent, LimiterWarning, RedisLimiterOptions } from "./options.js";
export { type RedisLimiter, redisLimiter } from "./redis-limiter.js";
