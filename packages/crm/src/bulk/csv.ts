/**
 * A streaming RFC 4180 CSV reader: text goes in by chunks (any split, even inside a quoted field or between the
 * two quotes of an escaped one), whole rows come out. Quoted fields may hold commas, quotes ("") and newlines.
 * Only the row being read is held.
 */
/** Far above any row Zoho writes (200 fields of at most 32,000 characters): past it the result is not Zoho's. */
export const MAX_CSV_ROW_CHARS = 16 * 1024 * 1024;
export const MAX_CSV_FIELDS = 4096;

export class CsvRows {
  private field = "";
  private rowChars = 0;
  private row: string[] = [];
  private inQuotes = false;
  /** A quote ended the last chunk inside a quoted field: the next character says if it was "" or the close. */
  private quoteAtEnd = false;
  private fieldQuoted = false;
  /** Rows read so far (for error messages). */
  rows = 0;

  /** Reads a chunk of text; whole rows are pushed to `out`. */
  push(text: string, out: string[][]): void {
    let i = 0;
    const n = text.length;
    if (this.quoteAtEnd && n > 0) {
      this.quoteAtEnd = false;
      if (text.charCodeAt(0) === 34) {
        this.append('"');
        i = 1;
      } else {
        this.inQuotes = false;
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.append(text.slice(i));
          return;
        }
        this.append(text.slice(i, quote));
        i = quote + 1;
        if (i === n) {
          this.quoteAtEnd = true;
          return;
        }
        if (text.charCodeAt(i) === 34) {
          this.append('"');
          i++;
        } else {
          this.inQuotes = false;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        this.endField();
        i++;
      } else if (c === 10) {
        this.endRow(out);
        i++;
      } else if (c === 13) {
        i++;
      } else if (c === 34 && this.field === "" && !this.fieldQuoted) {
        this.inQuotes = true;
        this.fieldQuoted = true;
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        this.append(text.slice(i, j));
        i = j;
      }
    }
  }

  /** The end of the text: the last row (without a final newline), or an error for an unclosed quote. */
  end(out: string[][]): void {
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      throw new Error(`the CSV ends inside a quoted field (row ${this.rows + 1})`);
    }
    if (this.field !== "" || this.fieldQuoted || this.row.length > 0) this.endRow(out);
  }

  private append(text: string): void {
    this.rowChars += text.length;
    if (this.rowChars > MAX_CSV_ROW_CHARS) {
      throw new Error(`row ${this.rows + 1} is longer than ${MAX_CSV_ROW_CHARS} characters`);
    }
    this.field += text;
  }

  private endField(): void {
    if (this.row.length >= MAX_CSV_FIELDS) {
      throw new Error(`row ${this.rows + 1} has more than ${MAX_CSV_FIELDS} fields`);
    }
    this.row.push(this.field);
    this.field = "";
    this.fieldQuoted = false;
  }

  private endRow(out: string[][]): void {
    const blank = this.row.length === 0 && this.field === "" && !this.fieldQuoted;
    this.endField();
    if (!blank) {
      out.push(this.row);
      this.rows++;
    }
    this.row = [];
    this.rowChars = 0;
  }
}
