// `pnpm demo`: regenerate the sample org's types over HTTP, type-check the example program, run it.
// `pnpm demo --app bigin`: the same with the Bigin sample org (bigin/) on @zohokit/mock and src/bigin.ts.
// `pnpm demo -- --live [--write]` runs the same program against your org (needs MATON_API_KEY; with `--auth zoho`,
// ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN and ZOHO_DC instead).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { wantsZohoAuth, ZOHO_AUTH_VARIABLES } from "../src/live-auth.js";
import { BIGIN_MODULES, startBiginSampleGateway } from "./bigin-gateway.js";
import { startSampleGateway } from "./gateway.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function run(command: string, commandArgs: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...env },
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${commandArgs.join(" ")} exited with ${code}`)),
    );
  });
}

const tsx = [require.resolve("tsx/cli")];
const tsc = require.resolve("typescript/bin/tsc");
const zohokit = require.resolve("@zohokit/typegen/package.json").replace(/package\.json$/, "dist/bin.js");

/** `--app crm` (the default) or `--app bigin`. */
function app(): "crm" | "bigin" {
  const at = args.indexOf("--app");
  const value = at >= 0 ? args[at + 1] : "crm";
  if (value !== "crm" && value !== "bigin")
    throw new Error(`--app must be crm or bigin, got ${value ?? "nothing"}.`);
  return value;
}

async function biginDemo(): Promise<void> {
  const gateway = await startBiginSampleGateway();
  try {
    console.log(
      `1/3 zohokit typegen over HTTP from the Bigin sample org, its Team Pipelines too (${gateway.url})`,
    );
    await run(
      process.execPath,
      [
        zohokit,
        "typegen",
        "--app",
        "bigin",
        "--out",
        "bigin/org.d.ts",
        "--modules",
        BIGIN_MODULES.join(","),
        "--base-url",
        gateway.url,
      ],
      { MATON_API_KEY: gateway.apiKey },
    );
    console.log("2/3 type-check the example program against the generated types");
    await run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"]);
    console.log("3/3 run it\n");
    await run(process.execPath, [...tsx, "src/bigin.ts"], {
      ZOHOKIT_DEMO_BASE_URL: gateway.url,
      ZOHOKIT_DEMO_API_KEY: gateway.apiKey,
    });
  } finally {
    await gateway.stop();
  }
}

async function demo(): Promise<void> {
  const program = app() === "bigin" ? "src/bigin.ts" : "src/main.ts";
  if (args.includes("--live")) {
    if (wantsZohoAuth(args)) {
      const missing = ZOHO_AUTH_VARIABLES.filter((name) => !process.env[name]);
      if (missing.length > 0)
        throw new Error(`--live --auth zoho needs ${missing.join(", ")} in the environment.`);
    } else if (!process.env.MATON_API_KEY) {
      throw new Error(
        "--live needs MATON_API_KEY (https://maton.ai/settings), or --auth zoho with ZOHO_* variables.",
      );
    }
    await run(process.execPath, [...tsx, program, ...args]);
    return;
  }
  if (app() === "bigin") {
    await biginDemo();
    return;
  }
  const gateway = await startSampleGateway();
  try {
    console.log(`1/3 zohokit typegen over HTTP from the sample org (${gateway.url})`);
    await run(
      process.execPath,
      [zohokit, "typegen", "--app", "crm", "--out", "src/org.d.ts", "--base-url", gateway.url],
      {
        MATON_API_KEY: "demo-key-not-a-secret",
      },
    );
    console.log("2/3 type-check the example program against the generated types");
    await run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"]);
    console.log("3/3 run it\n");
    await run(process.execPath, [...tsx, "src/main.ts"], { ZOHOKIT_DEMO_BASE_URL: gateway.url });
  } finally {
    await gateway.stop();
  }
}

demo().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
