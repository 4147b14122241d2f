export {
  type CriteriaCondition,
  type CriteriaNode,
  type CriteriaOperator,
  CriteriaSyntaxError,
  criteriaConditions,
  parseCriteria,
} from "./criteria.js";
export {
  FAULT_KINDS,
  type FaultControl,
  type FaultKind,
  type FaultRequest,
  type FaultRule,
} from "./faults.js";
export { type MockGateway, type MockGatewayOptions, type RequestLog, startMockGateway } from "./gateway.js";
export type { App, OrgSnapshot } from "./org.js";
export type { ConnectionStatus, MockConnection } from "./routes/maton.js";
export type { MockDeletion, MockRecord, MockStore } from "./store.js";
export { INVALID_MARKER } from "./validate.js";
