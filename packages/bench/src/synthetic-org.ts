/** A synthetic org for type generation at scale: N modules of M fields, picklists and lookups included. */
import type { FieldMetadata, ModuleMetadata, OrgMetadata } from "@zohokit/typegen";

const STANDARD = [
  "Leads",
  "Contacts",
  "Accounts",
  "Deals",
  "Tasks",
  "Events",
  "Calls",
  "Products",
  "Quotes",
  "Sales_Orders",
  "Purchase_Orders",
  "Invoices",
  "Vendors",
  "Price_Books",
  "Cases",
  "Solutions",
  "Campaigns",
];

/** The data types custom fields cycle through (picklists and lookups several times, as in real orgs). */
const CYCLE = [
  "text",
  "email",
  "phone",
  "picklist",
  "textarea",
  "integer",
  "currency",
  "lookup",
  "double",
  "date",
  "datetime",
  "boolean",
  "picklist",
  "multiselectpicklist",
  "userlookup",
  "website",
  "lookup",
  "formula",
  "autonumber",
  "percent",
  "picklist",
  "bigint",
] as const;

export function moduleNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i < STANDARD.length ? STANDARD[i]! : `CustomModule${i - STANDARD.length + 1}`,
  );
}

function label(apiName: string): string {
  return apiName.replace(/_/g, " ");
}

/** The json_type Zoho sends beside each data_type (as in ../shared/zoho-samples). */
const JSON_TYPE: Record<string, string> = {
  integer: "integer",
  currency: "double",
  double: "double",
  percent: "double",
  formula: "double",
  boolean: "boolean",
  lookup: "jsonobject",
  ownerlookup: "jsonobject",
  userlookup: "jsonobject",
  multiselectpicklist: "jsonarray",
};

function field(api_name: string, data_type: string, extra: Partial<FieldMetadata> = {}): FieldMetadata {
  return {
    api_name,
    field_label: label(api_name),
    display_label: label(api_name),
    data_type,
    json_type: JSON_TYPE[data_type] ?? "string",
    read_only: false,
    system_mandatory: false,
    custom_field: true,
    visible: true,
    ...extra,
  };
}

function titleCase(type: string): string {
  return type.replace(/(^|_)([a-z])/g, (_, sep: string, c: string) => `${sep}${c.toUpperCase()}`);
}

function moduleFields(modules: string[], index: number, fieldCount: number): FieldMetadata[] {
  const fields: FieldMetadata[] = [
    field("Name", "text", { system_mandatory: true, custom_field: false }),
    field("Owner", "ownerlookup", { custom_field: false }),
    field("Created_Time", "datetime", { read_only: true, custom_field: false }),
    field("Modified_Time", "datetime", { read_only: true, custom_field: false }),
    field("Created_By", "ownerlookup", { read_only: true, custom_field: false }),
    field("Modified_By", "ownerlookup", { read_only: true, custom_field: false }),
  ];
  for (let i = fields.length; i < fieldCount; i++) {
    const type = CYCLE[i % CYCLE.length]!;
    const name = `${titleCase(type)}_${i}`;
    if (type === "picklist" || type === "multiselectpicklist") {
      const size = 6 + ((i * 7 + index) % 20);
      const values = Array.from({ length: size }, (_, k) => ({
        actual_value: `Option ${k + 1}`,
        display_value: k % 5 === 4 ? `Option ${k + 1} (legacy)` : `Option ${k + 1}`,
        id: String(4_000_000 + k),
      }));
      values.unshift({ actual_value: "-None-", display_value: "-None-", id: "3999999" });
      fields.push(field(name, type, { pick_list_values: values }));
    } else if (type === "lookup") {
      const target = modules[(index + i) % modules.length]!;
      fields.push(field(name, type, { lookup: { module: { api_name: target } } }));
    } else if (type === "formula") {
      fields.push(field(name, type, { read_only: true, formula: { return_type: "double" } }));
    } else if (type === "autonumber") {
      fields.push(field(name, type, { read_only: true }));
    } else {
      fields.push(field(name, type));
    }
  }
  return fields;
}

export function syntheticOrg(moduleCount: number, fieldCount: number): OrgMetadata {
  const modules = moduleNames(moduleCount);
  const moduleMeta: ModuleMetadata[] = modules.map((api_name) => ({
    api_name,
    module_name: api_name,
    singular_label: label(api_name),
    plural_label: label(api_name),
    api_supported: true,
    generated_type: STANDARD.includes(api_name) ? "default" : "custom",
  }));
  const fields: Record<string, FieldMetadata[]> = {};
  modules.forEach((module, index) => {
    fields[module] = moduleFields(modules, index, fieldCount);
  });
  return {
    app: "crm",
    org: { id: "5725767000000000001", company_name: "Bench Org" },
    modules: moduleMeta,
    fields,
  };
}

/** The first field of a data type in a module (the consumer uses one of each kind). */
export function fieldOfType(metadata: OrgMetadata, module: string, type: string, nth = 0): string {
  const found = (metadata.fields[module] ?? []).filter((f) => f.data_type === type && !f.read_only);
  const name = found[nth]?.api_name;
  if (!name) throw new Error(`${module} has no ${type} field #${nth}`);
  return name;
}
