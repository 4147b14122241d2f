#!/usr/bin/env node
// `tsc7 ...`: TypeScript 7's tsc with the given arguments; its exit code becomes ours.
import { spawnSync } from "node:child_process";
import { tsc7Executable } from "./index.js";

const result = spawnSync(await tsc7Executable(), process.argv.slice(2), { stdio: "inherit" });
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
