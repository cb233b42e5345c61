/** Rep1 school-wide: every class of the year for one period, and the school's totals. */
import { schoolPeriodReport } from "../../shared/reports.ts";
import type { SchoolReportResponse } from "../../shared/report-api.ts";
import { toCsv } from "../../shared/csv.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { ReportRepository } from "./report-repository.ts";
import { classPages, classReportFromPages, type ClassReport } from "./class-report.ts";

export type SchoolReport = SchoolReportResponse;

export function buildSchoolReport(registry: DocumentRegistry, school: SchoolRepository, reports: ReportRepository, periodId: string): SchoolReport | null {
  const period = reports.period(periodId);
  if (!period) return null;
  const inputs = reports.classes().map((c) => {
    const pages = classPages(registry, school, c.id);
    const report = classReportFromPages(pages, period);
    const students = (pages[0]?.roster ?? []).filter((s) => s.leftOn === null || s.leftOn > period.start).length;
    return { classId: c.id, className: c.name, students, marks: report.marks, attendance: report.attendance };
  });
  return { period, schoolName: reports.schoolName(), ...schoolPeriodReport(inputs) };
}

const HEAD = ["Учащихся", "Аттестовано", "«5»", "«4»", "«3»", "«2»", "Качество, %", "Успеваемость, %", "С одной «3»", "С одной «4»", "Группа риска", "Пропуски Н", "Пропуски Б", "Пропуски У"];

export function schoolReportCsv(r: SchoolReport): string {
  const figures = (l: SchoolReport["totals"]) => [
    l.students, l.markedStudents, l.counts["5"], l.counts["4"], l.counts["3"], l.counts["2"], l.qualityPercent, l.successPercent,
    l.singleThree, l.singleFour, l.atRisk, l.absences.Н, l.absences.Б, l.absences.У,
  ];
  return toCsv([
    [`Сводный отчёт об успеваемости: ${r.period.name} (${r.period.start} — ${r.period.end})`],
    [r.schoolName],
    ["Класс", ...HEAD],
    ...r.classes.map((c) => [c.className, ...figures(c)]),
    ["Итого по школе", ...figures(r.totals)],
  ]);
}

/** Rep1 class summary (сводная ведомость) as CSV: students x subjects, then the class's figures. */
export function classReportCsv(className: string, r: ClassReport): string {
  const names = new Map(r.students.map((s) => [s.id, s.name]));
  const absences = new Map(r.attendance.map((a) => [a.studentId, a.total]));
  return toCsv([
    [`Сводная ведомость успеваемости ${className}: ${r.period.name} (${r.period.start} — ${r.period.end})`],
    ["Ученик", ...r.subjects.map((s) => s.subjectName), "Пропуски Н", "Пропуски Б", "Пропуски У"],
    ...r.students.map((s) => {
      const a = absences.get(s.id) ?? { Н: 0, Б: 0, У: 0 };
      return [names.get(s.id) ?? s.id, ...r.subjects.map((sub) => r.marks.table[s.id]?.[sub.pageId] ?? ""), a.Н, a.Б, a.У];
    }),
    [],
    ["«5»", r.marks.counts["5"], "«4»", r.marks.counts["4"], "«3»", r.marks.counts["3"], "«2»", r.marks.counts["2"]],
    ["Качество, %", r.marks.qualityPercent, "Успеваемость, %", r.marks.successPercent],
    ["С одной «3»", r.marks.singleThree.map((x) => `${names.get(x.studentId)} (${x.subject})`).join(", ")],
    ["С одной «4»", r.marks.singleFour.map((x) => `${names.get(x.studentId)} (${x.subject})`).join(", ")],
    ["Группа риска", r.marks.atRisk.map((x) => `${names.get(x.studentId)} (${x.subjects.join(", ")})`).join(", ")],
  ]);
}
