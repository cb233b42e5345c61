/** Ar2 over HTTP: the administrator downloads a class's archive bundle for a closed period or year. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { archiveAccess } from "../../shared/permissions.ts";
import { journalDocName } from "../../shared/doc-names.ts";
import { localTime } from "../../shared/school-time.ts";
import { authenticate } from "../auth/authenticate.ts";
import { fullName } from "../storage/school-repository.ts";
import { classPages } from "../reports/class-report.ts";
import { buildClassArchive } from "../archive/class-archive.ts";
import { HttpError } from "./respond.ts";
import { sendFile } from "./send-file.ts";
import { param, refuseIf, type ReportDeps } from "./report-routes.ts";

export function createArchiveApi(deps: ReportDeps) {
  async function archive(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const auth = authenticate(req, deps.sessions, deps.school);
    if (!auth) throw new HttpError(401, "unauthenticated");
    refuseIf(archiveAccess(auth.actor));
    const classInfo = deps.reports.classInfo(param(url, "classId"));
    const period = deps.reports.period(param(url, "periodId"));
    if (!classInfo || !period) throw new HttpError(404, "not-found");
    const rules = deps.school.rules();
    const today = localTime(deps.now(), rules.timeZone).date;
    // Ar2 archives what is final: a period (or year) whose last day is over.
    if (period.end >= today) throw new HttpError(409, "period-not-closed");
    const pages = classPages(deps.registry, deps.school, classInfo.id).map((page) => ({ page, audit: deps.reports.audit(journalDocName(page.meta.pageId)) }));
    const bundle = await buildClassArchive({
      classInfo, period, pages, createdAt: new Date(deps.now()), createdBy: fullName(auth.user), timeZone: rules.timeZone,
      facts: { schoolName: deps.reports.schoolName(), directorName: deps.reports.directorName(), printedOn: today },
      nameOf: (id) => deps.school.userShortName(id),
      renderJournal: (journal, createdAt) => deps.pdf.render({ kind: "journal", journal, createdAt: createdAt.getTime() }),
    });
    sendFile(res, "application/zip", bundle.fileName, bundle.zip);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method !== "GET" || url.pathname !== "/api/archive") return false;
    // Reports read the live pages: store queued edits first, so nothing unstored is ever reported (group commit).
    deps.registry.commits.flush();
    await archive(req, res, url);
    return true;
  }

  return { handle };
}
