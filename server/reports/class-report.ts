/** Rep1 from the server's stored state: reads the class's pages and hands them to shared/reports.ts. */
import { attendanceReport, classPeriodReport, type ReportInput } from "../../shared/reports.ts";
import type { Period } from "../../shared/journal-schema.ts";
import type { ClassReportResponse } from "../../shared/report-api.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import { lessonsBetween, readPage, type PageSnapshot } from "./page-reader.ts";

/** The stored pages of a class, read once. */
export function classPages(registry: DocumentRegistry, school: SchoolRepository, classId: string): PageSnapshot[] {
  const out: PageSnapshot[] = [];
  for (const id of school.pageIdsOfClass(classId)) {
    const journal = registry.journal(id);
    const page = journal ? readPage(journal.doc) : null;
    if (page) out.push(page);
  }
  return out;
}

export function classReportFromPages(pages: readonly PageSnapshot[], period: Period): ClassReportResponse {
  const input: ReportInput = { students: [], subjects: [], periodMarks: {}, entries: {} };
  const values: Record<string, string[]> = {};
  input.students = (pages[0]?.roster ?? []).map((s) => ({ id: s.id, name: `${s.surname} ${s.name}` }));
  for (const page of pages) {
    const pageId = page.meta.pageId;
    input.subjects.push({ pageId, subjectName: page.meta.subjectName });
    const weight = new Map(page.meta.rules.workTypes.map((w) => [w.id, w.weight]));
    const inPeriod = new Set(lessonsBetween(page, period.start, period.end).map((l) => l.id));
    for (const { studentId, columnId, entry } of page.cells) {
      if (!inPeriod.has(columnId)) continue;
      const k = `${studentId}:${pageId}`;
      (values[k] ??= []).push(entry.value);
      if (entry.workType) (input.entries[k] ??= []).push({ value: entry.value, weight: weight.get(entry.workType) ?? 1 });
    }
    for (const { studentId, columnId, entry } of page.periodMarks) {
      if (columnId === period.id) input.periodMarks[`${studentId}:${pageId}`] = entry.value;
    }
  }
  return {
    period,
    students: input.students,
    subjects: input.subjects,
    marks: classPeriodReport(input),
    attendance: attendanceReport(input.students, input.subjects, values),
  };
}

export type ClassReport = ClassReportResponse;

export function buildClassReport(registry: DocumentRegistry, school: SchoolRepository, classId: string, periodId: string): ClassReport | null {
  const pages = classPages(registry, school, classId);
  if (pages.length === 0) return null;
  const period = pages[0]!.meta.periods.find((p) => p.id === periodId);
  return period ? classReportFromPages(pages, period) : null;
}
