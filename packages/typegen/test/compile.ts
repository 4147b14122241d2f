import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** A scratch folder inside the package, so `@zohokit/crm` resolves from the package's node_modules. */
export async function scratchDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const base = fileURLToPath(new URL("../.tmp/", import.meta.url));
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(join(base, "t-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUncheckedIndexedAccess: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
};

/** Parsed declaration files (TypeScript's libs, the packages' dist typings), shared by every typecheck call. */
const declarationCache = new Map<string, ts.SourceFile>();

/** A compiler host that parses each .d.ts once per test file, so repeated typechecks take tens of ms, not seconds. */
function cachingHost(): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.endsWith(".d.ts")) return read(fileName, languageVersion, onError, shouldCreate);
    let file = declarationCache.get(fileName);
    if (!file) {
      file = read(fileName, languageVersion, onError, shouldCreate);
      if (file) declarationCache.set(fileName, file);
    }
    return file;
  };
  return host;
}

/** Type-checks files (written into `dir`) under strict settings; returns the diagnostics as text lines. */
export async function typecheck(dir: string, files: Record<string, string>): Promise<string[]> {
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, text);
    paths.push(path);
  }
  const program = ts.createProgram({ rootNames: paths, options: OPTIONS, host: cachingHost() });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.slice(dir.length + 1)}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})`
      : "";
    return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}
