import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundledSpec, type PrismServer, startPrism, startRedisServer } from "@zohokit/testkit";
import { TS7_VERSION, tsc7Executable } from "@zohokit/tsc7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const require = createRequire(import.meta.url);
const PUBLISHED = ["core", "maton", "crm", "bigin", "typegen", "mock", "redis"];
/** The outside runtime dependencies each package may have; every other one is one of ours. */
// fflate: bulk read results are ZIP files (read by @zohokit/crm/bulk only, written by the mock).
const OUTSIDE_DEPENDENCIES: Record<string, string[]> = {
  redis: ["@redis/client"],
  crm: ["fflate"],
  mock: ["fflate"],
};
const ts5Version = (require("typescript/package.json") as { version: string }).version;

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

async function ok(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${result.code}):\n${result.out}`);
  return result.out;
}

let project: string;
let packs: string;
let prism: PrismServer;

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), "zohokit-packs-"));
  project = await mkdtemp(join(tmpdir(), "zohokit-user-"));
  const pnpm = join(repo, "node_modules/.bin/pnpm");
  const tarballs: string[] = [];
  for (const name of PUBLISHED) {
    const out = await ok(pnpm, ["pack", "--pack-destination", packs], join(repo, "packages", name));
    const tarball = out.trim().split("\n").pop()!.trim();
    tarballs.push(tarball.startsWith("/") ? tarball : join(packs, tarball));
  }
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "zohokit-user", private: true, type: "module" }),
  );
  await ok("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], project);
  prism = await startPrism(bundledSpec("zoho-crm.v8"));
});

afterAll(async () => {
  await prism?.stop();
  await rm(project, { recursive: true, force: true });
  await rm(packs, { recursive: true, force: true });
});

describe("the packages installed from their tarballs with npm, outside the workspace", () => {
  it("ships only dist, README and package.json, and depends on openapi-fetch and our own packages only", async () => {
    for (const name of PUBLISHED) {
      const manifest = JSON.parse(
        await readFile(join(project, "node_modules/@zohokit", name, "package.json"), "utf8"),
      );
      const dependencies = Object.keys(manifest.dependencies ?? {});
      const allowed = ["openapi-fetch", ...(OUTSIDE_DEPENDENCIES[name] ?? [])];
      expect({
        name,
        outside: dependencies.filter((d) => !d.startsWith("@zohokit/") && !allowed.includes(d)),
      }).toEqual({
        name,
        outside: [],
      });
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain("workspace:");
    }
    const files = await ok("find", ["node_modules/@zohokit/crm", "-type", "f"], project);
    const shipped = files
      .trim()
      .split("\n")
      .map((f) => f.replace("node_modules/@zohokit/crm/", ""));
    expect(
      shipped.every(
        (f) => f.startsWith("dist/") || f === "README.md" || f === "package.json" || f === "LICENSE",
      ),
    ).toBe(true);
  });

  it("type-checks a consumer that uses @zohokit/crm with a generated org file, with TypeScript 5 and 7", async () => {
    await writeFile(
      join(project, "org.d.ts"),
      await readFile(join(repo, "examples/sample-org/src/org.d.ts"), "utf8"),
    );
    await writeFile(
      join(project, "consumer.ts"),
      `import { createCrmClient, eq } from "@zohokit/crm";
import type { Org } from "./org.js";
const crm = createCrmClient<Org>({ apiKey: "mk_test_key_0123" });
const page = await crm.records.list("Deals", { fields: ["Deal_Name", "Stage"] });
const stage: "Qualification" | "Needs Analysis" | "Proposal/Price Quote" | "Closed Won" | "Closed Lost" | null | undefined = page.data[0]?.Stage;
await crm.records.search("Leads", { criteria: eq("Lead_Status", "Contacted") });
export { stage };
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          skipLibCheck: false,
          types: [],
          lib: ["ES2022", "DOM"],
        },
        files: ["consumer.ts", "org.d.ts"],
      }),
    );
    // TypeScript 5 and TypeScript 7 (the native compiler, what `npm install typescript` gives since 7.0).
    const compilers: [string, string[]][] = [
      [`TypeScript ${ts5Version}`, [process.execPath, require.resolve("typescript/bin/tsc")]],
      [`TypeScript ${TS7_VERSION}`, [await tsc7Executable()]],
    ];
    const check = ([command, ...args]: string[]) =>
      run(command!, [...args, "--noEmit", "-p", "tsconfig.json"], project);
    for (const [name, command] of compilers) {
      const clean = await check(command);
      expect({ compiler: name, code: clean.code, out: clean.out }).toEqual({
        compiler: name,
        code: 0,
        out: "",
      });
    }
    await writeFile(
      join(project, "consumer.ts"),
      `import { createCrmClient } from "@zohokit/crm";
import type { Org } from "./org.js";
createCrmClient<Org>({ apiKey: "mk_test_key_0123" }).records.list("Deals", { fields: ["Deal_Nme"] });
`,
    );
    for (const [name, command] of compilers) {
      const broken = await check(command);
      expect({ compiler: name, failed: broken.code !== 0 }).toEqual({ compiler: name, failed: true });
      expect(broken.out).toContain('"Deal_Nme"');
    }
  });

  it("imports every package from Node ESM and calls a Prism mock", async () => {
    await writeFile(
      join(project, "script.mjs"),
      `import { createCrmClient } from "@zohokit/crm";
import { createBiginClient } from "@zohokit/bigin";
import { createMatonClient } from "@zohokit/maton";
import { ApiError } from "@zohokit/core";
import { generateOrgTypes } from "@zohokit/typegen";
const crm = createCrmClient({ apiKey: "mk_test_key_0123", baseUrl: process.env.PRISM_URL });
const count = await crm.records.count("Leads");
console.log(JSON.stringify({ count, bigin: typeof createBiginClient, maton: typeof createMatonClient, ApiError: typeof ApiError, generate: typeof generateOrgTypes }));
`,
    );
    const out = await ok(process.execPath, ["script.mjs"], project, { PRISM_URL: prism.url });
    const result = JSON.parse(out.trim().split("\n").pop()!);
    expect(typeof result.count).toBe("number");
    expect(result).toMatchObject({
      bigin: "function",
      maton: "function",
      ApiError: "function",
      generate: "function",
    });
  });

  it("require()s every package from CommonJS (Node 20.19+ loads the ES build) and calls a Prism mock", async () => {
    await writeFile(
      join(project, "consumer.cjs"),
      `const { createCrmClient, eq } = require("@zohokit/crm");
const { createBiginClient } = require("@zohokit/bigin");
const { createMatonClient } = require("@zohokit/maton");
const { ZohoKitError } = require("@zohokit/core");
const { generateOrgTypes } = require("@zohokit/typegen");
const { bulkRead } = require("@zohokit/crm/bulk");
(async () => {
  const crm = createCrmClient({ apiKey: "mk_test_key_0123", baseUrl: process.env.PRISM_URL });
  const count = await crm.records.count("Leads");
  // One copy of core: the error maton throws is the class core exports.
  let sameCore = false;
  try {
    createMatonClient({ apiKey: " " });
  } catch (error) {
    sameCore = error instanceof ZohoKitError;
  }
  const bigin = createBiginClient({ apiKey: "mk_test_key_0123" });
  const source = generateOrgTypes({
    app: "crm",
    org: { id: "1" },
    modules: [{ api_name: "Leads", api_supported: true }],
    fields: { Leads: [{ api_name: "Tag", data_type: "text", json_type: "jsonarray" }] },
  });
  console.log(JSON.stringify({
    count,
    criteria: String(eq("Email", "a@b.c")),
    sameCore,
    bigin: typeof bigin.records.list,
    tagged: source.includes("Tag: ZkTag[];"),
    bulk: typeof bulkRead,
  }));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`,
    );
    const out = await ok(process.execPath, ["consumer.cjs"], project, { PRISM_URL: prism.url });
    const result = JSON.parse(out.trim().split("\n").pop()!);
    expect(typeof result.count).toBe("number");
    expect(result).toMatchObject({
      criteria: "(Email:equals:a@b.c)",
      sameCore: true,
      bigin: "function",
      tagged: true,
      bulk: "function",
    });
  });

  it("type-checks a CommonJS TypeScript consumer (module nodenext) with TypeScript 5 and 7", async () => {
    await writeFile(
      join(project, "consumer.cts"),
      `import { createCrmClient, eq } from "@zohokit/crm";
import { createMatonClient } from "@zohokit/maton";
import { ZohoKitError } from "@zohokit/core";
import { generateOrgTypes } from "@zohokit/typegen";
const crm = createCrmClient({ apiKey: "mk_test_key_0123" });
export const criteria: string = String(eq("Email", "a"));
export const used = [typeof crm.records.list, typeof createMatonClient, ZohoKitError.name, typeof generateOrgTypes];
`,
    );
    await writeFile(
      join(project, "tsconfig.cjs.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          skipLibCheck: false,
          types: [],
          lib: ["ES2022", "DOM"],
        },
        files: ["consumer.cts"],
      }),
    );
    const compilers: [string, string[]][] = [
      [`TypeScript ${ts5Version}`, [process.execPath, require.resolve("typescript/bin/tsc")]],
      [`TypeScript ${TS7_VERSION}`, [await tsc7Executable()]],
    ];
    for (const [name, [command, ...args]] of compilers) {
      const result = await run(command!, [...args, "--noEmit", "-p", "tsconfig.cjs.json"], project);
      expect({ compiler: name, code: result.code, out: result.out }).toEqual({
        compiler: name,
        code: 0,
        out: "",
      });
    }
  });

  it("runs @zohokit/redis from Node ESM and CommonJS against a redis-server of its own and a Prism mock", async () => {
    const redis = await startRedisServer();
    try {
      const body = `const limiter = redisLimiter({ url: process.env.REDIS_URL, maxConcurrency: 2 });
  const crm = createCrmClient({ apiKey: "mk_test_key_0123", baseUrl: process.env.PRISM_URL, limiter });
  const counts = await Promise.all([1, 2, 3].map(() => crm.records.count("Leads")));
  await limiter.close();
  console.log(JSON.stringify({ counts: counts.map((n) => typeof n), codes: Object.values(LimiterErrorCodes) }));`;
      await writeFile(
        join(project, "redis.mjs"),
        `import { createCrmClient } from "@zohokit/crm";
import { LimiterErrorCodes, redisLimiter } from "@zohokit/redis";
${body}
`,
      );
      await writeFile(
        join(project, "redis.cjs"),
        `const { createCrmClient } = require("@zohokit/crm");
const { LimiterErrorCodes, redisLimiter } = require("@zohokit/redis");
(async () => {
  ${body}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`,
      );
      for (const script of ["redis.mjs", "redis.cjs"]) {
        const out = await ok(process.execPath, [script], project, {
          PRISM_URL: prism.url,
          REDIS_URL: redis.url,
        });
        expect({ script, result: JSON.parse(out.trim().split("\n").pop()!) }).toEqual({
          script,
          result: {
            counts: ["number", "number", "number"],
            codes: ["LIMITER_UNAVAILABLE", "LIMITER_TIMEOUT", "CREDITS_LOW"],
          },
        });
      }
    } finally {
      await redis.stop();
    }
  });

  it("runs npx zohokit --help and typegen --from a snapshot", async () => {
    const help = await ok("npx", ["--no-install", "zohokit", "--help"], project);
    expect(help).toContain("zohokit typegen --app crm|bigin");
    const version = await ok("npx", ["--no-install", "zohokit", "--version"], project);
    const manifest = JSON.parse(await readFile(join(repo, "packages/typegen/package.json"), "utf8"));
    // The last line: run through pnpm, npx prints its own warnings first.
    expect(version.trim().split("\n").pop()).toBe(manifest.version);
    const out = await ok(
      "npx",
      [
        "--no-install",
        "zohokit",
        "typegen",
        "--app",
        "crm",
        "--out",
        "from-snapshot.ts",
        "--from",
        join(repo, "examples/sample-org/metadata"),
      ],
      project,
    );
    expect(out).toContain("Wrote from-snapshot.ts: 5 modules");
    expect(await readFile(join(project, "from-snapshot.ts"), "utf8")).toContain(
      'related: { Attachments: "Attachments"; Child_Accounts: "Accounts"; Contacts: "Contacts";',
    );
    expect(await readFile(join(project, "from-snapshot.ts"), "utf8")).toContain("export interface Org");
  });
});

describe("@zohokit/mock installed from its tarball", () => {
  it("serves a test from Node ESM, and as `zohokit mock` (the bin npx runs) until SIGTERM", async () => {
    await writeFile(
      join(project, "mock-test.mjs"),
      `import { startMockGateway } from "@zohokit/mock";
import { createCrmClient } from "@zohokit/crm";
const zoho = await startMockGateway({ app: "crm", org: process.env.ORG });
const crm = createCrmClient({ baseUrl: zoho.url, apiKey: zoho.apiKey });
const result = await crm.records.create("Deals", [{ Deal_Name: "A", Stage: "Closed Won" }, { Deal_Name: "B" }]);
console.log(JSON.stringify({ failed: result.failed.map((f) => f.code), stored: zoho.store.records("Deals").length }));
await zoho.close();
`,
    );
    const org = join(repo, "examples/sample-org/metadata");
    const out = await ok(process.execPath, ["mock-test.mjs"], project, { ORG: org });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ failed: ["MANDATORY_NOT_FOUND"], stored: 1 });

    // The bin itself rather than npx, so that SIGTERM reaches the process that serves.
    const bin = join(project, "node_modules/.bin/zohokit");
    const cli: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      [bin, "mock", "--org", org, "--json"],
      {
        cwd: project,
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let text = "";
        cli.stdout.on("data", (chunk: Buffer) => {
          text += chunk;
          if (text.includes("\n")) resolve(text.split("\n")[0]!);
        });
        cli.on("exit", (code) => reject(new Error(`zohokit mock exited (${code}) before printing: ${text}`)));
      });
      const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string };
      const answer = await fetch(`${url}/crm/v8/settings/modules`, {
        headers: { Authorization: `Bearer ${apiKey}` },
      });
      expect(answer.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => cli.on("exit", (code) => resolve(code)));
      cli.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) cli.kill("SIGKILL");
    }
  });
});
