import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The folder of real Zoho responses (shared/zoho-samples, beside the repository or beside the folder holding its
 * worktrees), as a file URL ending in "/". ZOHO_SAMPLES_DIR overrides the search. Throws when it is not found, so a
 * test that reads samples fails rather than passing over them.
 */
export function zohoSamplesUrl(): URL {
  const override = process.env.ZOHO_SAMPLES_DIR;
  if (override) {
    if (!existsSync(override)) throw new Error(`ZOHO_SAMPLES_DIR=${override} does not exist.`);
    return pathToFileURL(join(override, "/"));
  }
  const start = fileURLToPath(new URL("../../../", import.meta.url));
  // Bounded: a path has few ancestors, and the loop stops at the filesystem root.
  for (let dir = start, depth = 0; depth < 64; dir = dirname(dir), depth++) {
    const candidate = join(dir, "shared", "zoho-samples");
    if (existsSync(candidate)) return pathToFileURL(join(candidate, "/"));
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `No shared/zoho-samples folder beside the repository (${start}) or above it: set ZOHO_SAMPLES_DIR to its path.`,
  );
}
