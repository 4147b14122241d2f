/** The bundled Bigin spec's lookups and validators (testkit's specLookup), for the tests that check data against it. */
import { specLookup } from "@zohokit/testkit";

export { isObject } from "@zohokit/testkit";

export const {
  spec,
  paths,
  deref,
  templateFor,
  operation,
  bodySchema,
  queryParameters,
  validateBody,
  validateQueryValue,
  webhookBodySchema,
} = specLookup("zoho-bigin.v2");
