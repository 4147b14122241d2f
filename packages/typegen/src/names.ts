const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A comment-safe text: no comment terminator, no line breaks. */
export function commentText(text: string): string {
  return text
    .replace(/\*\//g, "*\\/")
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .trim();
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
