/** Rep1 school-wide totals and the CSV format, on small inputs worked out by hand. */
import { describe, expect, it } from "vitest";
import { classPeriodReport, schoolPeriodReport } from "../../shared/reports.ts";
import { toCsv } from "../../shared/csv.ts";

const subjects = [{ pageId: "m", subjectName: "Математика" }, { pageId: "r", subjectName: "Русский язык" }];
// Class A: a 5 5, b 4 4 -> both quality (100 %); class B: c 5 2 -> neither (0 %), success 0 %; d nothing -> not attested.
const a = classPeriodReport({ students: [{ id: "a", name: "" }, { id: "b", name: "" }], subjects, periodMarks: { "a:m": "5", "a:r": "5", "b:m": "4", "b:r": "4" }, entries: {} });
const b = classPeriodReport({ students: [{ id: "c", name: "" }, { id: "d", name: "" }], subjects, periodMarks: { "c:m": "5", "c:r": "2" }, entries: {} });

describe("Rep1: school-wide report", () => {
  it("Rep1: school percentages are shares of all attested students (2 of 3 = 66.7 %), not the mean of class percentages (50 %)", () => {
    const r = schoolPeriodReport([
      { classId: "1", className: "A", students: 2, marks: a, attendance: [{ studentId: "a", bySubject: {}, total: { Н: 2, Б: 0, У: 1 } }] },
      { classId: "2", className: "B", students: 2, marks: b, attendance: [{ studentId: "c", bySubject: {}, total: { Н: 1, Б: 3, У: 0 } }] },
    ]);
    expect(r.classes.map((c) => [c.qualityPercent, c.successPercent, c.markedStudents])).toEqual([[100, 100, 2], [0, 0, 1]]);
    expect(r.totals).toEqual({
      students: 4, markedStudents: 3, counts: { "5": 3, "4": 2, "3": 0, "2": 1 }, qualityPercent: 66.7, successPercent: 66.7,
      singleThree: 0, singleFour: 0, atRisk: 1, absences: { Н: 3, Б: 3, У: 1 },
    });
  });

  it("Rep1: an empty school has zero percentages, not NaN", () => {
    expect(schoolPeriodReport([]).totals.qualityPercent).toBe(0);
  });
});

describe("CSV export", () => {
  it("quotes separators and quotes, uses a decimal comma, and defuses formulas typed as text", () => {
    expect(toCsv([["a;b", 'он сказал "да"', 42.5, 3, null], ["=1+1", "-x", "-5", "+7", "@SUM"]])).toBe(
      '\uFEFF"a;b";"он сказал ""да""";42,5;3;\r\n\'=1+1;\'-x;-5;\'+7;\'@SUM\r\n',
    );
  });
});
