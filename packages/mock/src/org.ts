/**
 * The org the mock pretends to be: its metadata exactly as Zoho answers it (served by the metadata routes) and,
 * read from it, what the record routes check (modules, required fields, picklists, data types, unique fields).
 * From a typegen snapshot folder, an object of the same content, or the app's standard modules when none is given.
 */

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isObject } from "./values.js";

export type App = "crm" | "bigin";
type Json = Record<string, unknown>;

/**
 * An org's metadata: what `zohokit typegen --save DIR` writes (snapshot.json, org.json, modules.json,
 * fields/<Module>.json, and related_lists/<Module>.json since typegen reads related lists), plus optional
 * layouts/<Module>.json and users.json in the same API-answer format.
 */
export interface OrgSnapshot {
  app?: App;
  /** GET /org's `org[0]`. */
  org?: Json;
  /** GET /settings/modules's `modules`. */
  modules: Json[];
  /** GET /settings/fields?module=X's `fields`, per module. */
  fields: Record<string, unknown>;
  /** GET /settings/layouts?module=X's `layouts`, per module; made up from the fields when missing. */
  layouts?: Record<string, unknown>;
  /** GET /users's `users`; one user, the mock's, when missing. */
  users?: Json[];
  /**
   * GET /settings/related_lists?module=X's `related_lists`, per module (related_lists/<Module>.json of a snapshot);
   * made up when missing: Notes, Attachments and a list of each other module.
   */
  relatedLists?: Record<string, unknown>;
}

export interface FieldModel {
  apiName: string;
  dataType: string;
  /** How values travel: string, integer, double, boolean, jsonobject, jsonarray. */
  jsonType?: string;
  length?: number;
  /** actual_value of each option, for picklists that list their options. */
  picklist?: ReadonlySet<string>;
  mandatory: boolean;
  readOnly: boolean;
  unique?: { caseSensitive: boolean };
}

export interface ModuleModel {
  apiName: string;
  /** Field checks apply (the module's fields are known); false for modules the mock made up. */
  strict: boolean;
  fields: ReadonlyMap<string, FieldModel>;
  /** Fields a create must have. */
  mandatory: readonly string[];
  /** Fields no two records may share a value of. */
  unique: readonly FieldModel[];
  /** The field upsert matches first. */
  duplicateCheckField: string;
}

export const MOCK_USER = { name: "Mock User", id: "5725767000000411001", email: "mock.user@example.com" };
const ID_BASE = 5725767000000000000n;
const SYSTEM_FIELDS = ["Owner", "Created_By", "Modified_By", "Created_Time", "Modified_Time"];

const STANDARD_MODULES: Record<App, string[]> = {
  crm: ["Leads", "Contacts", "Accounts", "Deals", "Tasks", "Calls", "Events", "Products", "Notes"],
  bigin: ["Contacts", "Accounts", "Pipelines", "Products", "Tasks", "Events", "Calls", "Notes"],
};

const STANDARD_MANDATORY: Record<App, Record<string, string[]>> = {
  crm: {
    Leads: ["Last_Name"],
    Contacts: ["Last_Name"],
    Accounts: ["Account_Name"],
    Deals: ["Deal_Name", "Stage"],
    Tasks: ["Subject"],
    Calls: ["Subject", "Call_Type", "Call_Start_Time", "Call_Duration"],
    Events: ["Event_Title", "Start_DateTime", "End_DateTime"],
  },
  bigin: {
    Contacts: ["Last_Name"],
    Accounts: ["Account_Name"],
    Pipelines: ["Deal_Name", "Stage"],
    Products: ["Product_Name"],
  },
};

const DUPLICATE_CHECK: Record<string, string> = {
  Leads: "Email",
  Contacts: "Email",
  Accounts: "Account_Name",
  Deals: "Deal_Name",
  Pipelines: "Deal_Name",
  Products: "Product_Name",
};

const DEFAULT_STAGES = [
  "Qualification",
  "Needs Analysis",
  "Proposal/Price Quote",
  "Closed Won",
  "Closed Lost",
];

const id = (offset: number) => String(ID_BASE + BigInt(offset));
const user = (u: typeof MOCK_USER) => ({ name: u.name, id: u.id });

function fieldModel(raw: unknown): FieldModel | undefined {
  if (!isObject(raw) || typeof raw.api_name !== "string") return undefined;
  const values = Array.isArray(raw.pick_list_values)
    ? raw.pick_list_values.flatMap((v) =>
        isObject(v) && typeof v.actual_value === "string" ? [v.actual_value] : [],
      )
    : [];
  const unique =
    isObject(raw.unique) && typeof raw.unique.case_sensitive === "boolean" ? raw.unique : undefined;
  return {
    apiName: raw.api_name,
    dataType: typeof raw.data_type === "string" ? raw.data_type : "text",
    ...(typeof raw.json_type === "string" ? { jsonType: raw.json_type } : {}),
    ...(typeof raw.length === "number" ? { length: raw.length } : {}),
    ...(values.length > 0 ? { picklist: new Set(values) } : {}),
    mandatory: raw.system_mandatory === true,
    readOnly: raw.read_only === true || raw.field_read_only === true,
    ...(unique ? { unique: { caseSensitive: unique.case_sensitive === true } } : {}),
  };
}

function moduleModel(apiName: string, rawFields: unknown, strict: boolean, app: App): ModuleModel {
  const fields = new Map<string, FieldModel>();
  for (const raw of Array.isArray(rawFields) ? rawFields : []) {
    const field = fieldModel(raw);
    if (field) fields.set(field.apiName, field);
  }
  const mandatory = strict
    ? [...fields.values()].filter((f) => f.mandatory).map((f) => f.apiName)
    : (STANDARD_MANDATORY[app][apiName] ?? []);
  return {
    apiName,
    strict,
    fields,
    mandatory,
    unique: [...fields.values()].filter((f) => f.unique),
    duplicateCheckField: DUPLICATE_CHECK[apiName] ?? "Name",
  };
}

function standardField(apiName: string, dataType: string, extra: Json = {}): Json {
  const label = apiName.replace(/_/g, " ");
  return {
    api_name: apiName,
    field_label: label,
    display_label: label,
    data_type: dataType,
    json_type: dataType === "ownerlookup" ? "jsonobject" : "string",
    system_mandatory: false,
    read_only: false,
    custom_field: false,
    visible: true,
    ...extra,
  };
}

/** The fields of a module the mock made up: the system fields and the required ones. */
function standardFields(app: App, module: string): Json[] {
  const fields = [
    standardField("Owner", "ownerlookup"),
    ...SYSTEM_FIELDS.slice(1).map((name) =>
      standardField(name, name.endsWith("_Time") ? "datetime" : "ownerlookup", { read_only: true }),
    ),
  ];
  for (const name of STANDARD_MANDATORY[app][module] ?? []) {
    const stage = name === "Stage";
    const values = DEFAULT_STAGES.map((v, i) => ({ display_value: v, actual_value: v, id: id(92_000 + i) }));
    fields.push(
      standardField(name, stage ? "picklist" : "text", {
        system_mandatory: true,
        ...(stage ? { pick_list_values: values } : { length: 255 }),
      }),
    );
  }
  return fields.map((field, i) => ({ ...field, id: id(3_000 + i) }));
}

function standardModule(name: string, index: number, custom: boolean): Json {
  const singular = name.replace(/__.*$/, "").replace(/s$/, "").replace(/_/g, " ");
  return {
    api_name: name,
    module_name: name,
    plural_label: name.replace(/_/g, " "),
    singular_label: singular,
    id: id(2_000 + index),
    api_supported: true,
    generated_type: custom ? "custom" : "default",
    visible: true,
    creatable: true,
    editable: true,
    deletable: true,
    viewable: true,
  };
}

function section(fields: unknown, name: string): Json {
  return {
    id: id(95_001),
    name,
    api_name: name.replace(/ /g, "_"),
    display_label: name,
    sequence_number: 1,
    column_count: 2,
    fields: Array.isArray(fields) ? fields : [],
  };
}

export class OrgModel {
  /** From a snapshot: only its modules exist, and their fields are checked. */
  readonly strict: boolean;
  private readonly models = new Map<string, ModuleModel>();
  private readonly extraModules: string[] = [];

  constructor(
    readonly app: App,
    private readonly snapshot: OrgSnapshot | undefined,
  ) {
    this.strict = snapshot !== undefined;
  }

  /** The module's model when it exists in the org (with a snapshot: listed and API-supported). */
  module(name: string): ModuleModel | undefined {
    let model = this.models.get(name);
    if (model) return model;
    if (this.snapshot) {
      const listed = this.snapshot.modules.find((m) => isObject(m) && m.api_name === name);
      if (!listed || listed.api_supported === false) return undefined;
      model = moduleModel(name, this.snapshot.fields[name], true, this.app);
    } else {
      model = moduleModel(name, undefined, false, this.app);
    }
    this.models.set(name, model);
    return model;
  }

  /** Without a snapshot: the standard modules, then those records were added to. */
  standardModules(): string[] {
    return [...STANDARD_MODULES[this.app], ...this.extraModules];
  }

  /** Records were added to a module the standard list lacks (no snapshot). */
  addModule(name: string): void {
    if (!this.standardModules().includes(name)) this.extraModules.push(name);
  }

  // --- Metadata, as the API answers it ---

  orgInfo(): Json {
    if (this.snapshot?.org) return this.snapshot.org;
    return {
      id: id(1),
      company_name: "zohokit mock org",
      primary_email: MOCK_USER.email,
      currency_symbol: "$",
      time_zone: "UTC",
      country_code: "US",
      zgid: "700000001",
      type: this.app === "bigin" ? "bigin" : "production",
    };
  }

  modules(): unknown[] {
    if (this.snapshot) return this.snapshot.modules;
    return this.standardModules().map((name, i) =>
      standardModule(name, i, i >= STANDARD_MODULES[this.app].length),
    );
  }

  /** The module's field metadata; undefined when the module does not exist. */
  fields(module: string): unknown {
    if (this.snapshot) {
      if (!this.snapshot.modules.some((m) => isObject(m) && m.api_name === module)) return undefined;
      return this.snapshot.fields[module] ?? [];
    }
    return this.standardModules().includes(module) ? standardFields(this.app, module) : undefined;
  }

  /**
   * The module's layouts: the snapshot's, else one made up from the fields. Bigin's Pipelines layouts are its
   * Team Pipelines (one, "Sales Pipeline", with the Stage picklist).
   */
  layouts(module: string): unknown[] | undefined {
    const fields = this.fields(module);
    if (fields === undefined) return undefined;
    const saved = this.snapshot?.layouts?.[module];
    if (Array.isArray(saved)) return saved;
    const pipeline = this.app === "bigin" && module === "Pipelines";
    const sections = [section(fields, pipeline ? "Pipeline Information" : "Record Information")];
    if (
      pipeline &&
      !(Array.isArray(fields) && fields.some((f) => isObject(f) && f.api_name === "Sub_Pipeline"))
    ) {
      sections[0]!.fields = [
        ...(sections[0]!.fields as unknown[]),
        standardField("Sub_Pipeline", "picklist", {
          id: id(3_900),
          pick_list_values: [
            { display_value: "Standard", actual_value: "Sales Pipeline Standard", id: id(93_001) },
          ],
        }),
      ];
    }
    return [
      {
        id: pipeline ? id(91_173) : id(91_000),
        name: pipeline ? "Sales Pipeline" : "Standard",
        api_name: pipeline ? "Sales_Pipeline" : "Standard",
        display_label: pipeline ? "Sales Pipeline" : "Standard",
        status: "active",
        visible: true,
        source: pipeline ? "bigin" : "crm",
        created_by: user(MOCK_USER),
        modified_by: user(MOCK_USER),
        sections,
      },
    ];
  }

  /**
   * The module's related lists as Zoho answers them: the snapshot's, else one per other module of the org (named
   * after it) plus Notes and Attachments. Undefined when the module does not exist.
   */
  relatedLists(module: string): Json[] | undefined {
    if (this.fields(module) === undefined) return undefined;
    const saved = this.snapshot?.relatedLists?.[module];
    if (Array.isArray(saved)) return saved.filter(isObject);
    const names = [
      "Notes",
      "Attachments",
      ...this.modules().flatMap((m) =>
        isObject(m) && typeof m.api_name === "string" && m.api_name !== module && m.api_name !== "Notes"
          ? [m.api_name]
          : [],
      ),
    ];
    const moduleId = (name: string) => {
      const listed = this.modules().find((m) => isObject(m) && m.api_name === name) as Json | undefined;
      return typeof listed?.id === "string" ? listed.id : id(2_900 + names.indexOf(name));
    };
    return names.map((name, i) => ({
      id: id(97_000 + i),
      api_name: name,
      name,
      display_label: name.replace(/_/g, " "),
      sequence_number: String(i + 1),
      type: "default",
      module: { api_name: name, id: moduleId(name) },
      href: `${module}/{ENTITYID}/${name}`,
      status: "visible",
      action: null,
      customize_sort: true,
      customize_fields: true,
      customize_display_label: false,
    }));
  }

  /** The module a related list of `module` holds (its `module.api_name`); undefined for no such list. */
  relatedModule(module: string, list: string): string | undefined {
    const found = this.relatedLists(module)?.find((l) => l.api_name === list);
    const target = isObject(found?.module) ? found.module.api_name : undefined;
    return typeof target === "string" ? target : undefined;
  }

  /** The Team Pipeline ids of Bigin's Pipelines module. */
  pipelineIds(): string[] {
    return (this.layouts("Pipelines") ?? []).flatMap((l) =>
      isObject(l) && typeof l.id === "string" ? [l.id] : [],
    );
  }

  users(): Json[] {
    if (this.snapshot?.users && this.snapshot.users.length > 0) return this.snapshot.users;
    const [first = "", last = ""] = MOCK_USER.name.split(" ");
    return [
      {
        id: MOCK_USER.id,
        full_name: MOCK_USER.name,
        first_name: first,
        last_name: last,
        email: MOCK_USER.email,
        zuid: "700000002",
        status: "active",
        confirm: true,
        role: { name: "CEO", id: id(26_005) },
        profile: { name: "Administrator", id: id(26_011) },
        time_zone: "UTC",
        locale: "en_US",
      },
    ];
  }

  /** The user records are owned by: the first active user. */
  currentUser(): typeof MOCK_USER {
    const first = this.users().find((u) => u.status === undefined || u.status === "active");
    if (first && typeof first.id === "string") {
      const name = typeof first.full_name === "string" ? first.full_name : MOCK_USER.name;
      return { id: first.id, name, email: typeof first.email === "string" ? first.email : MOCK_USER.email };
    }
    return MOCK_USER;
  }
}

// --- Reading a snapshot folder ---

async function readJson(path: string, required: boolean): Promise<Json | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    if (!required) return undefined;
    throw new Error(`The org snapshot has no ${path}: save one with \`zohokit typegen --save DIR\`.`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value)) throw new Error("not a JSON object");
    return value;
  } catch (error) {
    throw new Error(`${path} is not a JSON object: ${(error as Error).message}`);
  }
}

async function readFolder(dir: string, key: string): Promise<Record<string, unknown> | undefined> {
  const files = await readdir(dir).catch(() => undefined);
  if (!files) return undefined;
  const out: Record<string, unknown> = {};
  for (const file of files.filter((f) => f.endsWith(".json")).sort()) {
    out[file.slice(0, -".json".length)] = (await readJson(join(dir, file), true))?.[key] ?? [];
  }
  return out;
}

/**
 * Reads a snapshot folder written by `zohokit typegen --save DIR` (related_lists/, layouts/ and users.json are
 * optional: older snapshots have none).
 */
export async function loadOrgSnapshot(dir: string): Promise<OrgSnapshot> {
  const info = await readJson(join(dir, "snapshot.json"), true);
  const org = (await readJson(join(dir, "org.json"), true))?.org;
  const modules = (await readJson(join(dir, "modules.json"), true))?.modules;
  const users = (await readJson(join(dir, "users.json"), false))?.users;
  const layouts = await readFolder(join(dir, "layouts"), "layouts");
  const relatedLists = await readFolder(join(dir, "related_lists"), "related_lists");
  return {
    ...(info?.app === "crm" || info?.app === "bigin" ? { app: info.app } : {}),
    ...(Array.isArray(org) && isObject(org[0]) ? { org: org[0] } : {}),
    modules: Array.isArray(modules) ? modules.filter(isObject) : [],
    fields: (await readFolder(join(dir, "fields"), "fields")) ?? {},
    ...(layouts ? { layouts } : {}),
    ...(relatedLists ? { relatedLists } : {}),
    ...(Array.isArray(users) ? { users: users.filter(isObject) } : {}),
  };
}

/** The org of the `org` option: a folder is read, an object checked; the app must match. */
export async function resolveOrg(app: App, org: string | OrgSnapshot | undefined): Promise<OrgModel> {
  if (org === undefined) return new OrgModel(app, undefined);
  const snapshot = typeof org === "string" ? await loadOrgSnapshot(org) : org;
  if (!isObject(snapshot) || !Array.isArray(snapshot.modules) || !isObject(snapshot.fields)) {
    throw new TypeError(
      "org must be a snapshot folder (zohokit typegen --save DIR) or { modules, fields, ... }",
    );
  }
  if (snapshot.app !== undefined && snapshot.app !== app) {
    throw new TypeError(
      `The org snapshot is of ${snapshot.app}, but the mock was started with app: "${app}".`,
    );
  }
  return new OrgModel(app, snapshot);
}
