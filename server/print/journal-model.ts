/** Ar1: a journal page for a period as it is printed, built from the stored page (one model for the PDF and the browser's print layout). */
import type { PrintedJournal } from "../../shared/report-api.ts";
import type { Period } from "../../shared/journal-schema.ts";
import { fullName } from "../storage/school-repository.ts";
import { lessonsBetween, type PageSnapshot } from "../reports/page-reader.ts";

export interface PrintFacts {
  schoolName: string;
  directorName: string;
  /** ISO date of printing, school time. */
  printedOn: string;
}

export function printedJournal(page: PageSnapshot, period: Period, facts: PrintFacts): PrintedJournal {
  const lessons = lessonsBetween(page, period.start, period.end);
  const inPeriod = new Set(lessons.map((l) => l.id));
  // Students who left before the period began are not on its list; those who left during it are, marked as such.
  const students = page.roster.filter((s) => s.leftOn === null || s.leftOn > period.start);
  const periodColumns = period.id === "year" ? page.meta.periods.map((p) => ({ id: p.id, name: p.name })) : [{ id: period.id, name: period.name }];
  const columnIds = new Set(periodColumns.map((c) => c.id));
  const cells: PrintedJournal["cells"] = {};
  for (const c of page.cells) if (inPeriod.has(c.columnId)) (cells[c.studentId] ??= {})[c.columnId] = c.entry.value;
  const periodMarks: PrintedJournal["periodMarks"] = {};
  for (const m of page.periodMarks) if (columnIds.has(m.columnId)) (periodMarks[m.studentId] ??= {})[m.columnId] = m.entry.value;
  return {
    schoolName: facts.schoolName, academicYear: page.meta.academicYear, pageId: page.meta.pageId,
    className: page.meta.className, subjectName: page.meta.subjectName, teacherName: page.meta.teacherName, period,
    students: students.map((s) => ({ id: s.id, name: fullName({ surname: s.surname, name: s.name, patronymic: "" }), leftOn: s.leftOn })),
    lessons: lessons.map((l) => ({ id: l.id, date: l.date, slot: l.slot, topic: l.topic, homework: l.homework, substituteName: l.substituteName })),
    cells, periodColumns, periodMarks, directorName: facts.directorName, printedOn: facts.printedOn,
  };
}
