/**
 * Bigin's extra OAuth scopes. A Maton connection is authorised with Maton's default Bigin scopes; Tasks, Events,
 * Calls and Notes need more, which Maton support grants on request, given the operations needed and the use case
 * (Maton's Zoho Bigin guide, its notes on modules and scope errors).
 */

/** Modules whose API access needs an OAuth scope beyond Maton's default ones. */
export const SCOPED_MODULES: Readonly<Record<string, string>> = {
  Tasks: "ZohoBigin.modules.tasks.ALL",
  Events: "ZohoBigin.modules.events.ALL",
  Calls: "ZohoBigin.modules.calls.ALL",
  Notes: "ZohoBigin.modules.notes.ALL",
};

/**
 * Parts of a record with a scope of their own, besides the record's module scope: `/Contacts/{id}/Notes` needs the
 * notes scope, `/Contacts/{id}/Attachments` the attachments scope (Zoho's Bigin v2 notes and attachments pages).
 */
export const SCOPED_RECORD_PARTS: Readonly<Record<string, string>> = {
  Notes: "ZohoBigin.modules.notes.ALL",
  Attachments: "ZohoBigin.modules.attachments.ALL",
};

export const MATON_SUPPORT = "support@maton.ai";

const RECORD_PATH = /\/bigin\/v2\/([A-Za-z0-9_]+)(?:\/\d+\/([A-Za-z0-9_]+))?/;

/** The scopes a path needs beyond Maton's default ones, with what each is for. */
function scopesFor(path: string): Array<{ scope: string; what: string }> {
  const [, module, part] = RECORD_PATH.exec(path) ?? [];
  const needed: Array<{ scope: string; what: string }> = [];
  const moduleScope = module ? SCOPED_MODULES[module] : undefined;
  if (moduleScope) needed.push({ scope: moduleScope, what: `the ${module} module` });
  const partScope = part ? SCOPED_RECORD_PARTS[part] : undefined;
  if (partScope && partScope !== moduleScope) {
    needed.push({ scope: partScope, what: `${part} of ${module} records` });
  }
  return needed;
}

/** For a scope error on a path that needs an extra scope: which scope, and that Maton support grants it. */
export function scopeHint(_status: number, code: string, path: string): string | undefined {
  if (!/SCOPE/i.test(code)) return undefined;
  const needed = scopesFor(path);
  if (needed.length === 0) return undefined;
  const scopes = needed.map((n) => n.scope).join(" and ");
  const what = needed.map((n) => n.what).join(" and ");
  return (
    `Bigin's API gives ${what} only with the ${scopes} OAuth scope${needed.length > 1 ? "s" : ""}, which your Maton ` +
    "connection was not granted. Maton grants extra scopes through its support: write to " +
    `${MATON_SUPPORT} naming ${scopes}, the operations you need and your use case.`
  );
}
