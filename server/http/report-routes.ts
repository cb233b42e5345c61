/**
 * Reports over HTTP (Rep1 class and school-wide, with CSV exports). Every
 * route authenticates and checks the reader's rights with the rules of
 * shared/permissions.ts before it reads anything.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Actor } from "../../shared/roles.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import type { ReportOptions } from "../../shared/report-api.ts";
import { classReportAccess, monitoringAccess, schoolReportAccess } from "../../shared/permissions.ts";
import { localTime } from "../../shared/school-time.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { Clock } from "../clock.ts";
import type { ReportRepository } from "../reports/report-repository.ts";
import type { RenderPool } from "../pdf/render-pool.ts";
import { buildClassReport } from "../reports/class-report.ts";
import { buildSchoolReport, classReportCsv, schoolReportCsv } from "../reports/school-report.ts";
import { buildMonitoring } from "../reports/monitoring.ts";
import { HttpError, sendJson } from "./respond.ts";
import { sendFile } from "./send-file.ts";

export interface ReportDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  reports: ReportRepository;
  registry: DocumentRegistry;
  now: Clock;
  /** Renders printouts off the main thread. */
  pdf: RenderPool;
}

/** A required query parameter: an id, a date or a keyword, never free text. */
export function param(url: URL, name: string, pattern = /^[A-Za-z0-9_-]{1,20}$/): string {
  const v = url.searchParams.get(name);
  if (v === null || !pattern.test(v)) throw new HttpError(400, "bad-request");
  return v;
}

export function signedIn(deps: Pick<ReportDeps, "sessions" | "school">, req: IncomingMessage): Actor {
  const auth = authenticate(req, deps.sessions, deps.school);
  if (!auth) throw new HttpError(401, "unauthenticated");
  return auth.actor;
}

export function refuseIf(code: ErrorCode | null): void {
  if (code !== null) throw new HttpError(code === "not-found" ? 404 : 403, code);
}

export function createReportApi(deps: ReportDeps) {
  function options(actor: Actor): ReportOptions {
    const teachers = deps.reports.teachers().filter((t) => monitoringAccess(actor, t.id) === null);
    return {
      periods: deps.reports.periods(),
      classes: deps.reports.classes().filter((c) => classReportAccess(actor, c.id) === null).map((c) => ({ id: c.id, name: c.name })),
      school: schoolReportAccess(actor) === null,
      teachers,
      archive: actor.role === "admin",
      today: localTime(deps.now(), deps.school.rules().timeZone).date,
    };
  }

  function classReport(actor: Actor, url: URL) {
    const classId = param(url, "classId");
    refuseIf(classReportAccess(actor, classId));
    const report = buildClassReport(deps.registry, deps.school, classId, param(url, "periodId"));
    if (!report) throw new HttpError(404, "not-found");
    return { classId, className: deps.reports.classInfo(classId)?.name ?? "", report };
  }

  function schoolReport(actor: Actor, url: URL) {
    refuseIf(schoolReportAccess(actor));
    const report = buildSchoolReport(deps.registry, deps.school, deps.reports, param(url, "periodId"));
    if (!report) throw new HttpError(404, "not-found");
    return report;
  }

  /** Rep2: one teacher's pages in the week or month containing `date`. */
  function monitoring(actor: Actor, url: URL) {
    const teacherId = param(url, "teacherId");
    refuseIf(monitoringAccess(actor, teacherId));
    const window = param(url, "window", /^(week|month)$/) as "week" | "month";
    const date = param(url, "date", /^\d{4}-\d{2}-\d{2}$/);
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new HttpError(400, "bad-request");
    const teacher = deps.reports.teachers().find((t) => t.id === teacherId);
    if (!teacher) throw new HttpError(404, "not-found");
    return buildMonitoring(deps.registry, deps.reports, { teacherId, teacherName: teacher.name, window, date, now: deps.now(), rules: deps.school.rules() });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method !== "GET" || !url.pathname.startsWith("/api/reports/")) return false;
    // Reports read the live pages: store queued edits first, so nothing unstored is ever reported (group commit).
    deps.registry.commits.flush();
    const route = url.pathname.slice("/api/reports/".length);
    if (route === "options") sendJson(res, 200, options(signedIn(deps, req)));
    else if (route === "class") {
      const { report } = classReport(signedIn(deps, req), url);
      sendJson(res, 200, report);
    } else if (route === "class.csv") {
      const { className, report } = classReport(signedIn(deps, req), url);
      sendFile(res, "text/csv; charset=utf-8", `Ведомость ${className} ${report.period.name}.csv`, classReportCsv(className, report));
    } else if (route === "monitoring") sendJson(res, 200, monitoring(signedIn(deps, req), url));
    else if (route === "school") sendJson(res, 200, schoolReport(signedIn(deps, req), url));
    else if (route === "school.csv") {
      const report = schoolReport(signedIn(deps, req), url);
      sendFile(res, "text/csv; charset=utf-8", `Сводный отчёт ${report.period.name}.csv`, schoolReportCsv(report));
    } else return false;
    return true;
  }

  return { handle };
}
