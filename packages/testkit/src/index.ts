export {
  bundledSpec,
  freePort,
  type PrismServer,
  SpecViolation,
  startPrism,
  strictPrismFetch,
  VIOLATIONS_HEADER,
} from "./prism.js";
