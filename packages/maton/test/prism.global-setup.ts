import { bundledSpec, startPrism } from "@zohokit/testkit";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism(bundledSpec("maton"));
  project.provide("prismUrl", prism.url);
  return () => prism.stop();
}
