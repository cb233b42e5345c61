import { describe, expect, it } from "vitest";
import { DEFAULT_GRAMMAR, marksOf, normalizeCellInput, parseCellValue, parsePeriodMark } from "../../shared/cell-value.ts";

describe("J3 cell value grammar", () => {
  it.each(["2", "3", "4", "5"])("J3: accepts the mark %s", (v) => {
    expect(parseCellValue(v)).toEqual({ ok: true, value: v, kind: "mark" });
  });

  it.each(["Н", "Б", "У"])("J3: accepts the absence %s", (v) => {
    expect(parseCellValue(v)).toEqual({ ok: true, value: v, kind: "absence" });
  });

  it("J3: accepts a double mark where the page allows it, refuses it where not", () => {
    expect(parseCellValue("5/4")).toEqual({ ok: true, value: "5/4", kind: "double-mark" });
    expect(parseCellValue("5/4", { ...DEFAULT_GRAMMAR, doubleMarks: false })).toEqual({ ok: false, code: "invalid-value" });
  });

  it.each(["7", "0", "6", "", "55", "5/4/3", "5/", "/4", "A", "Ж", "5+", "-5", "4.5", "нб", "<script>"])("J3: rejects %j", (v) => {
    expect(parseCellValue(v).ok).toBe(false);
  });

  it("J3: the mark 1 only where the school setting allows it", () => {
    expect(parseCellValue("1").ok).toBe(false);
    expect(parseCellValue("1", { ...DEFAULT_GRAMMAR, allowOne: true })).toEqual({ ok: true, value: "1", kind: "mark" });
  });

  it("J4: a page without marks takes absences but refuses marks", () => {
    const noMarks = { ...DEFAULT_GRAMMAR, marksAllowed: false };
    expect(parseCellValue("Н", noMarks).ok).toBe(true);
    expect(parseCellValue("5", noMarks)).toEqual({ ok: false, code: "marks-not-allowed" });
  });

  it("J3: normalizes lower case, Latin look-alikes and spaces to the canonical value", () => {
    expect(normalizeCellInput("н")).toBe("Н");
    expect(normalizeCellInput("H")).toBe("Н");
    expect(normalizeCellInput("y")).toBe("У");
    expect(normalizeCellInput("б")).toBe("Б");
    expect(normalizeCellInput(" 5 / 4 ")).toBe("5/4");
    expect(parseCellValue("h")).toEqual({ ok: true, value: "Н", kind: "absence" });
  });

  it("J5: a double mark contributes both marks; an absence none", () => {
    expect(marksOf("5/4")).toEqual([5, 4]);
    expect(marksOf("3")).toEqual([3]);
    expect(marksOf("Н")).toEqual([]);
  });

  it("J6: period marks are 2..5 or the lower-case non-attestation letters", () => {
    for (const v of ["2", "5", "у", "б", "н"]) expect(parsePeriodMark(v).ok).toBe(true);
    expect(parsePeriodMark("Н")).toEqual({ ok: true, value: "н", kind: "absence" });
    for (const v of ["5/4", "7", "Ж", ""]) expect(parsePeriodMark(v).ok).toBe(false);
  });
});
