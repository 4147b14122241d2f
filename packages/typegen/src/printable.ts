/**
 * Characters a terminal or a log viewer acts on rather than shows: C0 controls (ESC, CR, NUL, BEL, line feed, ...),
 * DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional controls that reorder what a
 * reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this module's job.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\xHH` below U+0100, `\uHHHH` above. */
function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text as it may be written to a terminal or a CI log: control characters escaped as `\xHH` / `\uHHHH`, and
 * nothing a GitHub Actions runner takes for a workflow command: a line whose text starts with `::` (`::error::`,
 * `::add-mask::`) gets its first colon escaped, and `##[` (the runner's older syntax, read anywhere in a line) its
 * bracket. Line breaks are kept: use {@link inline} for a value inside a line.
 */
export function printable(text: string): string {
  return text
    .replace(CONTROLS, (char) => (char === "\n" || char === "\t" ? char : escapeChar(char)))
    .replace(/##\[/g, "##\\x5b")
    .replace(/^([^\S\n]*):(?=:)/gm, "$1\\x3a");
}

/**
 * A value from the org, the server or the command line (a field name, a path, an error message), printable inside
 * one line: {@link printable}, with its line breaks and tabs escaped too, so it can neither start a line of its own
 * nor pass for one of ours.
 */
export function inline(value: unknown): string {
  return printable(String(value).replace(CONTROLS, escapeChar));
}

/** Composes a line of CLI output: the template's own text as written, every interpolated value through {@link inline}. */
export function say(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((text, part, i) => text + (i > 0 ? inline(values[i - 1]) : "") + part, "");
}
