/** The client's door to the reports API (Rep1, Rep2) and the printouts (Ar1, D4): fetches and download addresses. */
import type { ClassReportResponse, MonitoringResponse, PrintedJournal, ReportOptions, SchoolReportResponse } from "../../shared/report-api.ts";
import { ApiError } from "./api.ts";

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: "same-origin" });
  const data = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(data.error ?? "internal", res.status);
  return data as T;
}

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

export const reportApi = {
  options: () => get<ReportOptions>("/api/reports/options"),
  classReport: (classId: string, periodId: string) => get<ClassReportResponse>(`/api/reports/class?${q({ classId, periodId })}`),
  schoolReport: (periodId: string) => get<SchoolReportResponse>(`/api/reports/school?${q({ periodId })}`),
  monitoring: (teacherId: string, window: "week" | "month", date: string) => get<MonitoringResponse>(`/api/reports/monitoring?${q({ teacherId, window, date })}`),
  printedJournal: (pageId: string, periodId: string) => get<PrintedJournal>(`/api/print/journal.json?${q({ pageId, periodId })}`),
};

/** Addresses of files the browser downloads itself (CSV, PDF, ZIP). */
export const reportFiles = {
  classCsv: (classId: string, periodId: string) => `/api/reports/class.csv?${q({ classId, periodId })}`,
  schoolCsv: (periodId: string) => `/api/reports/school.csv?${q({ periodId })}`,
  journalPdf: (pageId: string, periodId: string) => `/api/print/journal.pdf?${q({ pageId, periodId })}`,
  classJournalPdf: (classId: string, periodId: string) => `/api/print/class.pdf?${q({ classId, periodId })}`,
  weeklyPdf: (studentId: string, date: string) => `/api/print/weekly.pdf?${q({ studentId, date })}`,
  archive: (classId: string, periodId: string) => `/api/archive?${q({ classId, periodId })}`,
};
