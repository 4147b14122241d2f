/**
 * The org-typed signatures of the API groups (related records, notes, attachments, tags). An app package gives its
 * spec's shapes for what the org does not describe (a note, an attachment, a tag) and casts core's loose groups to
 * these, as it does for records.
 */
import type { FieldOf, LooseOrg, SelectedRecord } from "../records/org.js";
import type { BatchResult, Page } from "../records/types.js";
import type {
  AttachmentCreated,
  AttachmentDownload,
  AttachmentsIterateOptions,
  AttachmentsListOptions,
  AttachUrlOptions,
  UploadOptions,
} from "./attachments.js";
import type {
  NoteInput,
  NotesIterateOptions,
  NotesListOptions,
  NotesWriteOptions,
  NoteUpdate,
  RecordNotesIterateOptions,
  RecordNotesListOptions,
} from "./notes.js";
import type {
  RelatedIterateOptions,
  RelatedLinkInput,
  RelatedListOptions,
  RelatedWriteOptions,
} from "./related.js";
import type { AddTagsOptions, TagInput, TagList, TagWriteOptions } from "./tags.js";

/** Related lists of a module nobody generated them for: any name, pointing to any module. */
export interface LooseRelatedLists {
  [relatedList: string]: string;
}

/** A module's related lists (`{ Contacts: "Contacts"; Notes: "Notes" }`), from the generated org's `related`. */
export type RelatedListsOf<O, M> = [M] extends [keyof O]
  ? O[M] extends { related: infer R extends object }
    ? R
    : LooseRelatedLists
  : LooseRelatedLists;

/** The related-list names of a module. */
export type RelatedListOf<O, M> = keyof RelatedListsOf<O, M> & string;

/** The module a related list holds records of. */
export type RelatedModuleOf<O, M, L> = L extends keyof RelatedListsOf<O, M>
  ? RelatedListsOf<O, M>[L] & string
  : string;

/** The org that types a module: the generated one when it has the module, else the loose one. */
type OrgFor<O, T> = string extends T ? LooseOrg : T extends keyof O ? O : LooseOrg;

/** The fields of the records a related list holds. */
export type RelatedFieldOf<O, M, L> = FieldOf<OrgFor<O, RelatedModuleOf<O, M, L>>, RelatedModuleOf<O, M, L>>;

/** A record of a related list with the requested fields. */
export type RelatedRecord<O, M, L, F extends string> = SelectedRecord<
  OrgFor<O, RelatedModuleOf<O, M, L>>,
  RelatedModuleOf<O, M, L>,
  F
>;

type WithFields<T, F extends string> = Omit<T, "fields"> & { fields: readonly F[] };

export interface RelatedApi<O> {
  /** One page of the records linked through the related list, with the requested fields (1 to 50). */
  list<M extends keyof O & string, L extends RelatedListOf<O, M>, F extends RelatedFieldOf<O, M, L>>(
    module: M,
    id: string,
    relatedList: L,
    options: WithFields<RelatedListOptions, F>,
  ): Promise<Page<RelatedRecord<O, M, L, F>>>;
  /** Every linked record, across pages, one page in memory at a time. */
  iterate<M extends keyof O & string, L extends RelatedListOf<O, M>, F extends RelatedFieldOf<O, M, L>>(
    module: M,
    id: string,
    relatedList: L,
    options: WithFields<RelatedIterateOptions, F>,
  ): AsyncIterable<RelatedRecord<O, M, L, F>>;
  /** Links any number of records (ids, or `{ id, ...relation fields }`), 100 per request; one result per input. */
  link<M extends keyof O & string, L extends RelatedListOf<O, M>>(
    module: M,
    id: string,
    relatedList: L,
    inputs: readonly RelatedLinkInput[],
    options?: RelatedWriteOptions,
  ): Promise<BatchResult>;
  /** Unlinks any number of records (they stay; only the relation goes), 100 per request. */
  unlink<M extends keyof O & string, L extends RelatedListOf<O, M>>(
    module: M,
    id: string,
    relatedList: L,
    ids: readonly string[],
    options?: RelatedWriteOptions,
  ): Promise<BatchResult>;
}

type HasNotes<O> = string extends keyof O ? false : "Notes" extends keyof O ? true : false;
/** Fields of Notes: the generated org's, or any name. */
export type NoteFieldOf<O> = HasNotes<O> extends true ? FieldOf<O, "Notes"> : string;
/** A note with the requested fields: typed by the generated org's Notes, or the app's Note shape. */
export type NoteRecord<O, F extends string, Loose> =
  HasNotes<O> extends true ? SelectedRecord<O, "Notes", F> : Loose;

export interface NotesApi<O, Note> {
  /** One page of the notes of a record. */
  list<M extends keyof O & string, F extends NoteFieldOf<O>>(
    module: M,
    id: string,
    options: WithFields<RecordNotesListOptions, F>,
  ): Promise<Page<NoteRecord<O, F, Note>>>;
  /** Every note of a record, across pages. */
  iterate<M extends keyof O & string, F extends NoteFieldOf<O>>(
    module: M,
    id: string,
    options: WithFields<RecordNotesIterateOptions, F>,
  ): AsyncIterable<NoteRecord<O, F, Note>>;
  /** One page of the notes of every record. */
  listAll<F extends NoteFieldOf<O>>(
    options: WithFields<NotesListOptions, F>,
  ): Promise<Page<NoteRecord<O, F, Note>>>;
  /** Every note of every record, across pages. */
  iterateAll<F extends NoteFieldOf<O>>(
    options: WithFields<NotesIterateOptions, F>,
  ): AsyncIterable<NoteRecord<O, F, Note>>;
  /** Adds notes to a record, 100 per request; a note whose create may have reached Zoho is AMBIGUOUS, not re-sent. */
  create<M extends keyof O & string>(
    module: M,
    id: string,
    notes: readonly NoteInput[],
    options?: NotesWriteOptions,
  ): Promise<BatchResult>;
  /** Changes the title and/or content of notes by id, 100 per request. */
  update(notes: readonly NoteUpdate[], options?: NotesWriteOptions): Promise<BatchResult>;
  /** Deletes notes by id, 100 per request. */
  delete(ids: readonly string[], options?: NotesWriteOptions): Promise<BatchResult>;
}

export interface AttachmentsApi<O, Attachment> {
  /** One page of a record's attachments (files and links). */
  list<M extends keyof O & string>(
    module: M,
    id: string,
    options?: AttachmentsListOptions,
  ): Promise<Page<Attachment>>;
  /** Every attachment of a record, across pages. */
  iterate<M extends keyof O & string>(
    module: M,
    id: string,
    options?: AttachmentsIterateOptions,
  ): AsyncIterable<Attachment>;
  /**
   * Attaches a file (checked against Zoho's size limit before anything is sent). Never sent twice: when its fate is
   * unknown it throws an ApiError of code AMBIGUOUS.
   */
  upload<M extends keyof O & string>(
    module: M,
    id: string,
    file: Blob | ReadableStream<Uint8Array>,
    options?: UploadOptions,
  ): Promise<AttachmentCreated>;
  /** Attaches a link. */
  attachUrl<M extends keyof O & string>(
    module: M,
    id: string,
    url: string,
    options?: AttachUrlOptions,
  ): Promise<AttachmentCreated>;
  /** The file as a stream, with its name and type; null for an attachment without content (a link). */
  download<M extends keyof O & string>(
    module: M,
    id: string,
    attachmentId: string,
    options?: { signal?: AbortSignal },
  ): Promise<AttachmentDownload | null>;
  /** Deletes attachments of a record by id, 100 per request. */
  delete<M extends keyof O & string>(
    module: M,
    id: string,
    attachmentIds: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<BatchResult>;
}

export interface TagsApi<O, Tag> {
  /** The module's tags, with how many it has and may have (`info.allowed_count`). */
  list<M extends keyof O & string>(
    module: M,
    options?: { myTags?: boolean; signal?: AbortSignal },
  ): Promise<Omit<TagList, "tags"> & { tags: Tag[] }>;
  /** Adds tags (names, `{ name, color_code }` or `{ id }`) to any number of records; one result per record. */
  add<M extends keyof O & string>(
    module: M,
    ids: readonly string[],
    tags: readonly TagInput[],
    options?: AddTagsOptions,
  ): Promise<BatchResult>;
  /** Removes tags from any number of records; one result per record. */
  remove<M extends keyof O & string>(
    module: M,
    ids: readonly string[],
    tags: readonly TagInput[],
    options?: TagWriteOptions,
  ): Promise<BatchResult>;
}
