/** Rep1 from the server's stored state: reads the class's pages and hands them to shared/reports.ts. */
import { attendanceReport, classPeriodReport, type ReportInput } from "../../shared/reports.ts";
import { cellsMap, parseCellKey, periodMarksMap, readLessons, readMeta, readRoster } from "../../shared/journal-schema.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";

export function buildClassReport(registry: DocumentRegistry, school: SchoolRepository, classId: string, periodId: string) {
  const journals = school.pageIdsOfClass(classId).map((id) => registry.journal(id)).filter((j) => j !== null);
  if (journals.length === 0) return null;
  const first = readMeta(journals[0]!.doc)!;
  const period = first.periods.find((p) => p.id === periodId);
  if (!period) return null;
  const input: ReportInput = { students: [], subjects: [], periodMarks: {}, entries: {} };
  const values: Record<string, string[]> = {};
  input.students = readRoster(journals[0]!.doc).map((s) => ({ id: s.id, name: `${s.surname} ${s.name}` }));
  for (const journal of journals) {
    const meta = readMeta(journal.doc)!;
    const pageId = meta.pageId;
    input.subjects.push({ pageId, subjectName: meta.subjectName });
    const weight = new Map(meta.rules.workTypes.map((w) => [w.id, w.weight]));
    const inPeriod = new Set(readLessons(journal.doc).filter((l) => l.date >= period.start && l.date <= period.end).map((l) => l.id));
    cellsMap(journal.doc).forEach((entry, key) => {
      const cell = parseCellKey(key);
      if (!cell || !inPeriod.has(cell.lessonId)) return;
      const k = `${cell.studentId}:${pageId}`;
      (values[k] ??= []).push(entry.value);
      if (entry.workType) (input.entries[k] ??= []).push({ value: entry.value, weight: weight.get(entry.workType) ?? 1 });
    });
    periodMarksMap(journal.doc).forEach((entry, key) => {
      const cell = parseCellKey(key);
      if (cell && cell.lessonId === periodId) input.periodMarks[`${cell.studentId}:${pageId}`] = entry.value;
    });
  }
  return {
    period,
    students: input.students,
    subjects: input.subjects,
    marks: classPeriodReport(input),
    attendance: attendanceReport(input.students, input.subjects, values),
  };
}
