/**
 * A CSV row of a bulk read as a record: each value converted by its field's data_type (from settings/fields), to
 * the JSON the other reads give. Zoho's CSV holds a lookup's id alone (`Owner`, `Account_Name`): it becomes `{id}`.
 * An empty cell is null.
 */

export type FieldTypes = ReadonlyMap<string, string>;
type Convert = (value: string) => unknown;

const text: Convert = (value) => value;
const number: Convert = (value) => {
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
};
const integer: Convert = (value) => {
  const n = Number(value);
  // Past 2^53 a number would change the value: it stays text.
  return Number.isSafeInteger(n) ? n : value;
};
const boolean: Convert = (value) => (value === "true" ? true : value === "false" ? false : value);
const lookup: Convert = (value) => ({ id: value });
const list: Convert = (value) => value.split(";");

const BY_TYPE: Readonly<Record<string, Convert>> = {
  integer,
  bigint: integer,
  double: number,
  currency: number,
  decimal: number,
  percent: number,
  boolean,
  lookup: lookup,
  ownerlookup: lookup,
  userlookup: lookup,
  multiselectpicklist: list,
};

/** The converter of each column of a header row; `Id` is the record's `id`. */
export function rowReader(
  header: readonly string[],
  types: FieldTypes,
): (row: readonly string[]) => Record<string, unknown> {
  const names = header.map((name) => (name === "Id" ? "id" : name));
  const converters = names.map((name) => (name === "id" ? text : (BY_TYPE[types.get(name) ?? ""] ?? text)));
  return (row) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = row[i] ?? "";
      record[names[i]!] = value === "" ? null : converters[i]!(value);
    }
    return record;
  };
}
