/** The CSV reader of the import (issue 5): BOM, `;` or `,`, quotes, line breaks inside quotes, line numbers. */
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../server/people/csv.ts";

describe("parseCsv", () => {
  it("reads `;` files with a BOM and CRLF, as a Russian Excel writes them, skipping blank lines", () => {
    const r = parseCsv("\uFEFFФамилия;Имя\r\nИванов;Пётр\r\n\r\nПетрова;Анна\r\n");
    expect(r).toEqual({ ok: true, separator: ";", records: [
      { line: 1, fields: ["Фамилия", "Имя"] }, { line: 2, fields: ["Иванов", "Пётр"] }, { line: 4, fields: ["Петрова", "Анна"] },
    ] });
  });

  it("detects `,` and keeps separators, doubled quotes and line breaks inside quoted fields; lines count from where a record starts", () => {
    const r = parseCsv('a,b\n"Иванов, мл.","он сказал ""да"""\n"две\nстроки",x\nlast,y');
    expect(r.ok && r.separator).toBe(",");
    expect(r.ok && r.records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["Иванов, мл.", 'он сказал "да"'] },
      { line: 3, fields: ["две\nстроки", "x"] },
      { line: 5, fields: ["last", "y"] },
    ]);
  });

  it("a `,` inside quotes in the header does not decide the separator", () => {
    const r = parseCsv('"a,b,c";d\n1;2');
    expect(r.ok && r.separator).toBe(";");
  });

  it("refuses an empty file and an unterminated quote, naming the line", () => {
    expect(parseCsv("\uFEFF \n\n")).toEqual({ ok: false, code: "csv-empty", line: 1 });
    expect(parseCsv('a;b\n1;2\n"3;4\n5;6')).toEqual({ ok: false, code: "csv-unterminated-quote", line: 3 });
  });
});
