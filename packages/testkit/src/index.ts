// The fake gateway lives in @zohokit/mock; these names keep the tests written against the private copy working.
export {
  type CriteriaCondition,
  type CriteriaNode,
  type CriteriaOperator,
  CriteriaSyntaxError,
  criteriaConditions,
  FAULT_KINDS,
  type FaultKind,
  parseCriteria,
} from "@zohokit/mock";
export { anyHostileString, hostileString, hostileUnit } from "./hostile.js";
export { type LoopbackServer, listenOnLoopback, serveOnLoopback } from "./loopback.js";
export { type MetadataServer, type OrgFixture, startMetadataServer } from "./metadata-server.js";
export {
  type FakeAccounts,
  type FakeAccountsOptions,
  type FakeAccountsRequest,
  startFakeAccounts,
} from "./oauth-server.js";
export {
  bundledSpec,
  freePort,
  type PrismServer,
  prismGlobalSetup,
  SpecViolation,
  startPrism,
  strictPrismFetch,
  VIOLATIONS_HEADER,
} from "./prism.js";
export { REDIS_SERVER, type RedisServer, type StartRedisOptions, startRedisServer } from "./redis-server.js";
export { zohoSamplesUrl } from "./samples.js";
export { type Handler, type ScriptedServer, type Seen, scriptedServer, sendJson } from "./scripted-server.js";
export {
  type EchoingFetch,
  type EchoOptions,
  echoingFetch,
  findLeaks,
  renderings,
  type SecretForm,
  secretForms,
} from "./secrets.js";
export { isObject, specLookup } from "./spec-lookup.js";
export {
  type FakeRecord,
  type FakeZoho,
  type FakeZohoOptions,
  type FaultPlan,
  faultRules,
  type RequestLog,
  startFakeZoho,
} from "./zoho-server.js";
