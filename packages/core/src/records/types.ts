/** A record as Zoho returns it: an id, fields by API name, `$`-prefixed system keys. */
export interface ZohoRecord {
  id: string;
  [field: string]: unknown;
}

/** The `info` object of a page of records. */
export interface PageInfo {
  per_page?: number;
  count?: number;
  page?: number;
  sort_by?: string;
  sort_order?: string;
  more_records?: boolean;
  next_page_token?: string | null;
  previous_page_token?: string | null;
  page_token_expiry?: string | null;
  [key: string]: unknown;
}

export interface Page<R> {
  data: R[];
  info: PageInfo;
}

export interface BatchSuccess {
  /** The input's position in the array given to the write. */
  index: number;
  id: string;
  code: string;
  /** Upserts only: whether the input created or updated a record. */
  action?: "insert" | "update";
  details: Record<string, unknown>;
}

export interface BatchFailure {
  index: number;
  code: string;
  message: string;
  /** Zoho's details (api_name, json_path, ...), plus `status` when a whole request failed. */
  details: Record<string, unknown>;
}

/** Every input appears exactly once, by its index, in `succeeded` or `failed`; both are sorted by index. */
export interface BatchResult {
  succeeded: BatchSuccess[];
  failed: BatchFailure[];
}

export type SortBy = "id" | "Created_Time" | "Modified_Time";
export type SortOrder = "asc" | "desc";
export type Trigger = "workflow" | "approval" | "blueprint";
