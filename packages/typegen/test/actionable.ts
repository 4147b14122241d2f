/** A character a terminal or log viewer acts on: C0 but tab and line feed, DEL, C1, line separators, bidi controls. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code === 0x09 || code === 0x0a) return false;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** What a terminal or a GitHub Actions runner would act on in printed text. */
export function actionable(text: string): string[] {
  const found: string[] = [];
  if ([...text].some(isControl)) found.push("control character");
  if (text.split("\n").some((line) => line.trimStart().startsWith("::"))) found.push("workflow command");
  if (text.includes("##[")) found.push("old-style workflow command");
  return found;
}
