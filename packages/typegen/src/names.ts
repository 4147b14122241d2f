import { MODULE_NAME } from "@zohokit/core/internal";
import { inline } from "./printable.js";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A Zoho module API name, as the clients accept it (core's rule). */
export function isModuleApiName(name: unknown): name is string {
  return typeof name === "string" && MODULE_NAME.test(name);
}

/**
 * JSON.stringify, with what it leaves raw escaped too (DEL, C1 and bidirectional controls, U+2028 and U+2029), and
 * `##[` written `##\u005b`: the same value for TypeScript and JSON.parse, and nothing a terminal or a CI runner acts on
 * when the generated file is printed.
 */
export function stringLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    })
    .replace(/##\[/g, "##\\u005b");
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/**
 * A comment-safe text: no comment terminator, no line breaks, and control characters escaped as in CLI output
 * (`\x1b`, through the same helper): a NUL would make git treat the generated file as binary, an ESC would reach
 * the terminal of whoever prints the file, and bidirectional controls would make a comment read otherwise.
 */
export function commentText(text: string): string {
  return inline(text.replace(/\*\//g, "*\\/").replace(/[\r\n\u2028\u2029]+/g, " ")).trim();
}

/**
 * Unique type-name stems for module API names: invalid characters become `_`, a leading digit gets `M`, and
 * names that still collide get a numeric suffix. Deterministic for a given set of names.
 */
export function typeStems(moduleNames: readonly string[]): Map<string, string> {
  const stems = new Map<string, string>();
  const used = new Set<string>(["Org", "Zk"]);
  for (const name of [...moduleNames].sort()) {
    let stem = name.replace(/[^A-Za-z0-9_$]/g, "_");
    if (!/^[A-Za-z_$]/.test(stem)) stem = `M${stem}`;
    if (/^Zk/.test(stem)) stem = `M${stem}`;
    let candidate = stem;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}_${n}`;
    used.add(candidate.toLowerCase());
    stems.set(name, candidate);
  }
  return stems;
}
