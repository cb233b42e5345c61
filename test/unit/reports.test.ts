/**
 * Rep1 golden test: a class of five in three subjects, every figure worked
 * out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { attendanceReport, classPeriodReport } from "../../shared/reports.ts";

const students = [
  { id: "a", name: "Алексеев" },
  { id: "b", name: "Белова" },
  { id: "c", name: "Волков" },
  { id: "d", name: "Григорьева" },
  { id: "e", name: "Денисов" },
];
const subjects = [
  { pageId: "m", subjectName: "Математика" },
  { pageId: "r", subjectName: "Русский язык" },
  { pageId: "h", subjectName: "История" },
];
// a: 5 5 5        -> quality, success
// b: 5 4 5        -> quality, success, single 4 (Русский язык)
// c: 4 3 4        -> success, single 3 (Русский язык)
// d: 2 3 3        -> at risk (Математика)
// e: 5 5 (none)   -> history not set; its marks 2, 2, 3 (weights 1) average 2.33 -> forecast 2 -> at risk (История); quality, success on the two set
const periodMarks: Record<string, string> = {
  "a:m": "5", "a:r": "5", "a:h": "5",
  "b:m": "5", "b:r": "4", "b:h": "5",
  "c:m": "4", "c:r": "3", "c:h": "4",
  "d:m": "2", "d:r": "3", "d:h": "3",
  "e:m": "5", "e:r": "5",
};
const entries = { "e:h": [{ value: "2", weight: 1 }, { value: "2", weight: 1 }, { value: "3", weight: 1 }] };

describe("Rep1: class period report", () => {
  const report = classPeriodReport({ students, subjects, periodMarks, entries });

  it("Rep1: counts of 5/4/3/2 over all set period marks", () => {
    // 5s: a×3, b×2, e×2 = 7; 4s: b×1, c×2 = 3; 3s: c×1, d×2 = 3; 2s: d×1 = 1; total 14 = 15 cells - 1 unset
    expect(report.counts).toEqual({ "5": 7, "4": 3, "3": 3, "2": 1 });
  });

  it("Rep1: quality 60 % (a, b, e of 5) and success 80 % (all but d)", () => {
    expect(report.qualityPercent).toBe(60);
    expect(report.successPercent).toBe(80);
  });

  it("Rep1: a single 3 (c, Russian) and a single 4 (b, Russian)", () => {
    expect(report.singleThree).toEqual([{ studentId: "c", subject: "Русский язык" }]);
    expect(report.singleFour).toEqual([{ studentId: "b", subject: "Русский язык" }]);
  });

  it("Rep1, J7: at risk: d with a 2, e with a forecast 2 shown in brackets", () => {
    expect(report.atRisk).toEqual([{ studentId: "d", subjects: ["Математика"] }, { studentId: "e", subjects: ["История"] }]);
    expect(report.table.e).toEqual({ m: "5", r: "5", h: "(2)" });
  });

  it("Rep1: attendance by reason, per subject and in total", () => {
    const rows = attendanceReport(students.slice(0, 2), subjects, { "a:m": ["Н", "5", "Б"], "a:r": ["У"], "b:h": ["Н", "Н"] });
    expect(rows[0]!.total).toEqual({ Н: 1, Б: 1, У: 1 });
    expect(rows[0]!.bySubject.m).toEqual({ Н: 1, Б: 1, У: 0 });
    expect(rows[1]!.total).toEqual({ Н: 2, Б: 0, У: 0 });
  });
});
