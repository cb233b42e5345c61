/**
 * CSV as a Russian spreadsheet opens it without an import dialog: UTF-8 with
 * a byte-order mark, `;` between fields (the comma is the decimal separator
 * there), CRLF line ends, RFC 4180 quoting. Text that a spreadsheet would run
 * as a formula (=, +, @, or - not followed by a digit) gets a leading
 * apostrophe: user-typed topics must never execute.
 */
export type CsvValue = string | number | null | undefined;

const NEEDS_QUOTES = /[";\r\n]/;
const FORMULA = /^(?:[=+@\t\r]|-(?!\d))/;

function field(v: CsvValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v).replace(".", ",");
  const text = FORMULA.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return "\uFEFF" + rows.map((r) => r.map(field).join(";")).join("\r\n") + "\r\n";
}
