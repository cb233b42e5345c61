/**
 * A CSV reader for the lists schools keep in spreadsheets: UTF-8 with or
 * without a BOM, `;` (what a Russian Excel writes) or `,` found from the
 * header line, fields quoted with `"` (doubled inside), line breaks inside
 * quotes, CRLF or LF. Blank lines are skipped; each record keeps the file
 * line it starts on, so errors point at what the user sees in an editor.
 */
export interface CsvRecord {
  /** 1-based line number the record starts on. */
  line: number;
  fields: string[];
}

export type CsvResult =
  | { ok: true; separator: ";" | ","; records: CsvRecord[] }
  | { ok: false; code: "csv-empty" | "csv-unterminated-quote"; line: number };

/** The separator that splits the header line into more fields, outside quotes; `;` on a tie. */
function detectSeparator(text: string): ";" | "," {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && c === ";") semicolons++;
    else if (!quoted && c === ",") commas++;
  }
  return commas > semicolons ? "," : ";";
}

export function parseCsv(input: string): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === "") return { ok: false, code: "csv-empty", line: 1 };
  const separator = detectSeparator(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== "") records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field.trim() === "") {
      quoted = true;
      quoteLine = line;
      field = "";
    } else if (c === separator) {
      fields.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
    i++;
  }
  if (quoted) return { ok: false, code: "csv-unterminated-quote", line: quoteLine };
  if (field !== "" || fields.length > 0) endRecord();
  if (records.length === 0) return { ok: false, code: "csv-empty", line: 1 };
  return { ok: true, separator, records };
}
