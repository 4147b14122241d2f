import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TS7_VERSION, tsc7Executable } from "@zohokit/tsc7";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const scratchBase = fileURLToPath(new URL("../.tmp/", import.meta.url));

async function readmes(): Promise<string[]> {
  const packages = await readdir(join(repo, "packages"));
  const found = ["README.md", "examples/sample-org/README.md"];
  for (const name of packages.sort()) found.push(`packages/${name}/README.md`);
  const existing: string[] = [];
  for (const path of found) {
    if (
      await readFile(join(repo, path), "utf8").then(
        () => true,
        () => false,
      )
    )
      existing.push(path);
  }
  return existing;
}

/** Every ```ts block of a Markdown file. */
function snippets(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

let scratch: string | undefined;
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("README snippets", () => {
  it("type-check under strict settings against the built packages, with TypeScript 5 and 7", async () => {
    await mkdir(scratchBase, { recursive: true });
    scratch = await mkdtemp(join(scratchBase, "docs-"));
    // Snippets that import a generated org file get the sample org's (Bigin's for ./bigin-org.js).
    await copyFile(join(repo, "examples/sample-org/src/org.d.ts"), join(scratch, "zoho-org.d.ts"));
    await copyFile(join(repo, "examples/sample-org/bigin/org.d.ts"), join(scratch, "bigin-org.d.ts"));
    const files: string[] = [];
    const origin = new Map<string, string>();
    for (const readme of await readmes()) {
      const blocks = snippets(await readFile(join(repo, readme), "utf8"));
      for (const [index, block] of blocks.entries()) {
        const file = join(scratch, `${readme.replace(/[/.]/g, "_")}_${index}.ts`);
        await writeFile(file, `${block}\nexport {};\n`);
        files.push(file);
        origin.set(file, `${readme} snippet ${index + 1}`);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(6);
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(repo, "packages/e2e/node_modules/@types")],
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? (origin.get(d.file.fileName) ?? d.file.fileName) : "";
      const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
      return `${where} line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);

    // The same snippets and settings with TypeScript 7, the native compiler.
    const tsconfig = join(scratch, "tsconfig.json");
    await writeFile(
      tsconfig,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          noUncheckedIndexedAccess: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [join(repo, "packages/e2e/node_modules/@types")],
          lib: ["ES2022", "DOM"],
        },
        files,
      }),
    );
    const ts7 = spawnSync(await tsc7Executable(), ["-p", tsconfig, "--pretty", "false"], {
      encoding: "utf8",
    });
    expect({
      compiler: `TypeScript ${TS7_VERSION}`,
      status: ts7.status,
      output: ts7.stdout + ts7.stderr,
    }).toEqual({
      compiler: `TypeScript ${TS7_VERSION}`,
      status: 0,
      output: "",
    });
  });
});
