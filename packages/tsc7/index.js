import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const manifestPath = require.resolve("typescript/package.json");

/** The TypeScript 7 release this package pins. */
export const TS7_VERSION = require("typescript/package.json").version;

/**
 * The path of TypeScript 7's native tsc for this platform. TypeScript's own launcher script finds it (in the
 * platform package npm installed); calling it directly spares a Node process per run.
 */
export async function tsc7Executable() {
  const locate = join(dirname(manifestPath), "lib", "getExePath.js");
  const { default: getExePath } = await import(pathToFileURL(locate).href);
  return getExePath();
}
