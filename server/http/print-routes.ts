/**
 * Printouts over HTTP: the journal of a page or a whole class for a period
 * (Ar1: PDF, and the same content as JSON for the browser's print layout) and
 * a student's weekly report (D4). Rights come from shared/permissions.ts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Actor } from "../../shared/roles.ts";
import type { PrintedJournal } from "../../shared/report-api.ts";
import { classReportAccess, journalAccess, weeklyReportAccess } from "../../shared/permissions.ts";
import { localTime } from "../../shared/school-time.ts";
import { HttpError, sendJson } from "./respond.ts";
import { sendFile } from "./send-file.ts";
import { param, refuseIf, signedIn, type ReportDeps } from "./report-routes.ts";
import { readPage } from "../reports/page-reader.ts";
import { classPages } from "../reports/class-report.ts";
import { printedJournal, type PrintFacts } from "../print/journal-model.ts";
import { buildWeeklyReport } from "../print/weekly-report.ts";

const PDF = "application/pdf";

export function createPrintApi(deps: ReportDeps) {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;
  const facts = (): PrintFacts => ({ schoolName: deps.reports.schoolName(), directorName: deps.reports.directorName(), printedOn: today() });

  function period(url: URL) {
    const p = deps.reports.period(param(url, "periodId"));
    if (!p) throw new HttpError(404, "not-found");
    return p;
  }

  /** Ar1: whoever may read the page prints it. */
  function journal(actor: Actor, url: URL): PrintedJournal {
    const pageId = param(url, "pageId");
    const page = deps.school.pageFacts(pageId);
    if (!page) throw new HttpError(404, "not-found");
    const access = journalAccess(actor, page);
    if (!access.ok) refuseIf(access.code);
    const journal = deps.registry.journal(pageId);
    const snapshot = journal ? readPage(journal.doc) : null;
    if (!snapshot) throw new HttpError(404, "not-found");
    return printedJournal(snapshot, period(url), facts());
  }

  async function classJournal(actor: Actor, url: URL, res: ServerResponse): Promise<void> {
    const classId = param(url, "classId");
    refuseIf(classReportAccess(actor, classId));
    const info = deps.reports.classInfo(classId);
    if (!info) throw new HttpError(404, "not-found");
    const p = period(url);
    const f = facts();
    const journals = classPages(deps.registry, deps.school, classId).map((page) => printedJournal(page, p, f));
    const pdf = await deps.pdf.render({ kind: "class-journal", className: info.name, journals, createdAt: deps.now(), facts: { directorName: f.directorName, printedOn: f.printedOn, periodName: p.name } });
    sendFile(res, PDF, `Журнал ${info.name} ${p.name}.pdf`, pdf, true);
  }

  /** D4: the class teacher prints a student's week (the administration too). */
  async function weekly(actor: Actor, url: URL, res: ServerResponse): Promise<void> {
    const studentId = param(url, "studentId");
    const date = param(url, "date", /^\d{4}-\d{2}-\d{2}$/);
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new HttpError(400, "bad-request");
    const card = deps.school.studentCard(studentId);
    if (!card) throw new HttpError(404, "not-found");
    refuseIf(weeklyReportAccess(actor, card.classId));
    const report = buildWeeklyReport(classPages(deps.registry, deps.school, card.classId), studentId, date, {
      schoolName: deps.reports.schoolName(), studentName: card.fullName, className: card.className,
      classTeacherName: deps.reports.classInfo(card.classId)?.classTeacherName ?? "", printedOn: today(),
    });
    sendFile(res, PDF, `Отчёт ${card.fullName} ${report.week.from}.pdf`, await deps.pdf.render({ kind: "weekly", report, createdAt: deps.now() }), true);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method !== "GET" || !url.pathname.startsWith("/api/print/")) return false;
    // Reports read the live pages: store queued edits first, so nothing unstored is ever reported (group commit).
    deps.registry.commits.flush();
    const route = url.pathname.slice("/api/print/".length);
    if (route === "journal.json") sendJson(res, 200, journal(signedIn(deps, req), url));
    else if (route === "journal.pdf") {
      const j = journal(signedIn(deps, req), url);
      sendFile(res, PDF, `Журнал ${j.className} ${j.subjectName} ${j.period.name}.pdf`, await deps.pdf.render({ kind: "journal", journal: j, createdAt: deps.now() }), true);
    } else if (route === "class.pdf") await classJournal(signedIn(deps, req), url, res);
    else if (route === "weekly.pdf") await weekly(signedIn(deps, req), url, res);
    else return false;
    return true;
  }

  return { handle };
}
