import { prismGlobalSetup } from "@zohokit/testkit";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default prismGlobalSetup("zoho-bigin.v2");
