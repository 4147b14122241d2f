export {
  ApiError,
  type ClientOptions,
  ZohoKitError,
} from "@zohokit/core";
export type { components as MatonComponents, paths as MatonPaths } from "./generated/maton.js";
export {
  type Connection,
  ConnectionNotActiveError,
  type ConnectionStatus,
  createMatonClient,
  MATON_BASE_URL,
  type MatonClient,
  type WaitUntilActiveOptions,
} from "./maton.js";
