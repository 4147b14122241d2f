/**
 * The CSV of a Zoho result ZIP, inflated as the bytes arrive (fflate's streaming Unzip: it needs no random access,
 * so the archive is never held whole). Each pushed chunk of the archive gives back the CSV bytes it completes.
 */
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";

export class ZipCsv {
  private readonly unzip = new Unzip();
  private readonly pending: Uint8Array[] = [];
  private file: UnzipFile | undefined;
  private failure: Error | undefined;
  private finished = false;

  constructor() {
    this.unzip.register(UnzipInflate);
    this.unzip.onfile = (file) => {
      if (this.file) return;
      this.file = file;
      file.ondata = (error, data, final) => {
        if (error) {
          this.failure = error;
          return;
        }
        if (data.length > 0) this.pending.push(data);
        if (final) this.finished = true;
      };
      file.start();
    };
  }

  /** The archive's next bytes (`last`: the end); the CSV bytes they complete. */
  push(chunk: Uint8Array, last: boolean): Uint8Array[] {
    try {
      this.unzip.push(chunk, last);
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    }
    if (this.failure) throw new Error(`the ZIP could not be read (${this.failure.message})`);
    if (last && !this.file) throw new Error("the answer is not a ZIP holding a file");
    if (last && !this.finished) throw new Error("the ZIP ends before its file does (truncated)");
    return this.pending.splice(0);
  }

  get fileName(): string | undefined {
    return this.file?.name;
  }
}
