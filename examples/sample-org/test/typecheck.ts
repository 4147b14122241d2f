/** Type-checks scratch programs against the sample orgs' generated types, with the compiler's own messages. */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const SAMPLE_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A scratch folder under .tmp/ of the sample org, so `@zohokit/crm` resolves from its node_modules. */
export async function scratchDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  await mkdir(join(SAMPLE_ROOT, ".tmp"), { recursive: true });
  const dir = await mkdtemp(join(SAMPLE_ROOT, ".tmp", prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
};

/** Each file's diagnostics, as `TS<code> <message>` lines, from one program over all of them. */
export function diagnosticsOf(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram({ rootNames: [...files], options: OPTIONS });
  return new Map(
    files.map((file) => [
      file,
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
    ]),
  );
}
