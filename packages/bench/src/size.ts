/**
 * Figure 5: what `import { createCrmClient } from "@zohokit/crm"` costs a bundle (esbuild, minified, gzipped),
 * and what installing @zohokit/crm from its packed tarballs costs node_modules; Zoho's official SDK for comparison.
 */
import { spawn } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REPO_ROOT = join(BENCH_DIR, "..", "..");
export const SDK_PACKAGE = "@zohocrm/typescript-sdk-8.0";
export const SDK_VERSION = "3.0.0";
/** Quoted reference figures for the official SDK, used when it is not measured. */
export const SDK_REFERENCE = { packages: 110, megabytes: 107 };
const INSTALL_TIMEOUT_MS = 240_000;

export interface BundleFigure {
  minifiedBytes: number;
  gzipBytes: number;
  /** Minified bytes each package contributes (esbuild's metafile, before gzip). */
  byPackage: Record<string, number>;
}

export interface InstallFigure {
  /** Sum of file sizes in node_modules (bytes). */
  bytes: number;
  /** Disk usage as `du` counts it (allocated blocks, bytes). */
  diskBytes: number;
  files: number;
  /** Every package installed, name@version. */
  packages: string[];
  seconds: number;
}

export interface SizeResult {
  bundle: BundleFigure;
  install: InstallFigure;
  /** @zohokit/crm's runtime dependencies, transitively (everything installed but itself). */
  runtimeDependencies: string[];
  sdk: InstallFigure | { error: string };
}

function packageOf(path: string): string {
  const at = path.lastIndexOf("node_modules/");
  if (at >= 0) {
    const [scope, name] = path.slice(at + "node_modules/".length).split("/");
    return scope!.startsWith("@") ? `${scope}/${name}` : scope!;
  }
  const workspace = /(?:^|\/)(core|crm)\/dist\//.exec(path);
  return workspace ? `@zohokit/${workspace[1]}` : path;
}

export async function bundleSize(): Promise<BundleFigure> {
  const result = await build({
    stdin: {
      contents: 'export { createCrmClient } from "@zohokit/crm";\n',
      resolveDir: BENCH_DIR,
      loader: "js",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const byPackage: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = packageOf(path.replace(/\\/g, "/"));
      byPackage[name] = (byPackage[name] ?? 0) + input.bytesInOutput;
    }
  }
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, byPackage };
}

function run(command: string, args: string[], cwd: string, timeoutMs = INSTALL_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? code}): ${output.slice(-2000)}`));
    });
  });
}

/** Sizes of every file under `dir` (bounded by the tree itself; symlinks are not followed). */
async function treeSize(dir: string): Promise<{ bytes: number; diskBytes: number; files: number }> {
  let bytes = 0;
  let diskBytes = 0;
  let files = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const stats = await lstat(path);
      diskBytes += stats.blocks * 512;
      if (entry.isDirectory()) pending.push(path);
      else {
        bytes += stats.size;
        files++;
      }
    }
  }
  return { bytes, diskBytes, files };
}

interface Lockfile {
  packages: Record<string, { version?: string; resolved?: string; link?: boolean }>;
}

async function npmInstall(
  project: string,
  specs: string[],
): Promise<{ figure: InstallFigure; lock: Lockfile }> {
  await mkdir(project, { recursive: true });
  await writeFile(
    join(project, "package.json"),
    `${JSON.stringify({ name: "size-probe", version: "1.0.0", private: true })}\n`,
  );
  const start = process.hrtime.bigint();
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...specs],
    project,
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const lock = JSON.parse(await readFile(join(project, "package-lock.json"), "utf8")) as Lockfile;
  const packages = Object.entries(lock.packages)
    .filter(([path]) => path !== "")
    .map(([path, info]) => `${path.replace(/^.*node_modules\//, "")}@${info.version ?? "?"}`)
    .sort();
  const size = await treeSize(join(project, "node_modules"));
  return { figure: { ...size, packages, seconds }, lock };
}

function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return { command: process.execPath, prefix: [execPath] };
  return { command: process.execPath, prefix: [join(REPO_ROOT, "node_modules", "pnpm", "bin", "pnpm.cjs")] };
}

export async function installSize(options: { sdk: boolean }): Promise<Omit<SizeResult, "bundle">> {
  const dir = await mkdtemp(join(tmpdir(), "zohokit-size-"));
  try {
    const pnpm = pnpmCommand();
    const tarballs = join(dir, "tarballs");
    await mkdir(tarballs);
    for (const pkg of ["core", "crm"]) {
      await run(
        pnpm.command,
        [...pnpm.prefix, "pack", "--pack-destination", tarballs],
        join(REPO_ROOT, "packages", pkg),
      );
    }
    const files = (await readdir(tarballs)).filter((f) => f.endsWith(".tgz")).map((f) => join(tarballs, f));
    if (files.length !== 2) throw new Error(`expected 2 tarballs, got ${files.join(", ")}`);
    const { figure: install, lock } = await npmInstall(join(dir, "project"), files);
    for (const name of ["@zohokit/core", "@zohokit/crm"]) {
      const resolved = lock.packages[`node_modules/${name}`]?.resolved ?? "";
      if (!resolved.startsWith("file:"))
        throw new Error(`${name} was not installed from its tarball (${resolved})`);
    }
    const runtimeDependencies = install.packages.filter((p) => !p.startsWith("@zohokit/crm@"));
    let sdk: InstallFigure | { error: string } = { error: "not measured (BENCH_SKIP_SDK=1)" };
    if (options.sdk) {
      try {
        sdk = (await npmInstall(join(dir, "sdk"), [`${SDK_PACKAGE}@${SDK_VERSION}`])).figure;
      } catch (error) {
        sdk = { error: (error as Error).message.split("\n")[0]!.slice(0, 200) };
      }
    }
    return { install, runtimeDependencies, sdk };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
