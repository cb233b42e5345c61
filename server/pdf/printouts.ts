/** The printouts the server makes, as plain data in (a job) and a PDF out: what the render worker runs. */
import type { PrintedJournal } from "../../shared/report-api.ts";
import { classJournalPdf, journalPdf } from "../print/journal-pdf.ts";
import { weeklyReportPdf, type WeeklyReport } from "../print/weekly-report.ts";

export type PrintJob =
  | { kind: "journal"; journal: PrintedJournal; createdAt: number }
  | { kind: "class-journal"; className: string; journals: PrintedJournal[]; createdAt: number; facts: { directorName: string; printedOn: string; periodName: string } }
  | { kind: "weekly"; report: WeeklyReport; createdAt: number };

export function renderPrintout(job: PrintJob): Promise<Buffer> {
  switch (job.kind) {
    case "journal":
      return journalPdf(job.journal, new Date(job.createdAt));
    case "class-journal":
      return classJournalPdf(job.className, job.journals, new Date(job.createdAt), job.facts);
    case "weekly":
      return weeklyReportPdf(job.report, new Date(job.createdAt));
  }
}
