/*
 * A small RFC 4180 reader for the spend sheet: quoted fields, "" for a quote, commas and line
 * breaks inside quotes, CRLF / LF / CR line ends, a UTF-8 BOM (Excel adds one), a missing final
 * newline. Records come back with the line they start on, so errors can point at it.
 */
export interface CsvRecord {
  /** 1-based line in the file where the record starts (header = line 1 in a spreadsheet). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;

  const endField = () => {
    fields.push(field);
    field = "";
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < src.length) {
    const c = src[i]!;
    if (atFieldStart && c === '"') {
      // Quoted field: read to the closing quote; "" is a literal quote.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(startLine, "a quoted field is never closed");
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\r" || q === "\n") {
          if (q === "\r" && src[i + 1] === "\n") {
            field += "\r";
            i++;
          }
          line++;
        }
        field += src[i]!;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
        throw new CsvSyntaxError(
          line,
          'text after a closing quote (a quote inside a field must be doubled: "")',
        );
      }
      atFieldStart = false;
      continue;
    }
    if (c === ",") {
      endField();
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      i += c === "\r" && src[i + 1] === "\n" ? 2 : 1;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    atFieldStart = false;
    i++;
  }
  // A last record without a final newline (but not the empty tail after one).
  if (!atFieldStart || fields.length > 0 || field !== "") endRecord();
  return records;
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
