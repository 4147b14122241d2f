/**
 * What the mock keeps beside records: notes, attachments (their bytes too), each module's tags, and the links
 * made through related lists. The handlers in routes/ validate; this file only keeps.
 */

/** A note, as Zoho answers it. */
export interface MockNote {
  id: string;
  Note_Title: string | null;
  Note_Content: string | null;
  Parent_Id: { module: { api_name: string; id: string }; id: string; name: string | null };
  Owner: { name: string; id: string; email: string };
  Created_By: { name: string; id: string; email: string };
  Modified_By: { name: string; id: string; email: string };
  Created_Time: string;
  Modified_Time: string;
  $attachments: null;
  $editable: boolean;
  $voice_note: boolean;
  $is_shared_to_client: boolean;
  $state: string;
  [key: string]: unknown;
}

/** An attachment: a file (with its bytes) or a link. */
export interface MockAttachment {
  id: string;
  module: string;
  recordId: string;
  fileName: string;
  contentType: string;
  /** The file's bytes; null for a link. */
  bytes: Buffer | null;
  link: string | null;
  createdTime: string;
  owner: { name: string; id: string; email: string };
}

export interface MockTag {
  id: string;
  name: string;
  color_code: string | null;
  created_time: string;
  modified_time: string;
  created_by: { name: string; id: string };
  modified_by: { name: string; id: string };
}

const linkKey = (module: string, id: string, list: string) => `${module}\n${id}\n${list}`;

export class GroupStore {
  /** Notes by id, in creation order. */
  readonly notes = new Map<string, MockNote>();
  /** Attachments by id, in creation order. */
  readonly attachments = new Map<string, MockAttachment>();
  private readonly tagsByModule = new Map<string, MockTag[]>();
  private readonly links = new Map<string, Map<string, Record<string, unknown>>>();

  /** The module's tags (a live list). */
  tags(module: string): MockTag[] {
    let tags = this.tagsByModule.get(module);
    if (!tags) {
      tags = [];
      this.tagsByModule.set(module, tags);
    }
    return tags;
  }

  /** Records linked to module/id through the list (by id), with the relation's own fields. */
  linked(module: string, id: string, list: string): Map<string, Record<string, unknown>> {
    const key = linkKey(module, id, list);
    let links = this.links.get(key);
    if (!links) {
      links = new Map();
      this.links.set(key, links);
    }
    return links;
  }

  notesOf(module: string, id: string): MockNote[] {
    return [...this.notes.values()].filter(
      (n) => n.Parent_Id.module.api_name === module && n.Parent_Id.id === id,
    );
  }

  attachmentsOf(module: string, id: string): MockAttachment[] {
    return [...this.attachments.values()].filter((a) => a.module === module && a.recordId === id);
  }
}
