/** A4: the class teacher's table of when each student and parent last opened the diary. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { mayMonitorDiaryUsage, type DiaryUsage, type DiaryUsageClasses } from "../../shared/diary-usage.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { UsageRepository } from "../storage/usage-repository.ts";
import type { DiaryUsageRecorder } from "../diary/diary-usage.ts";
import { HttpError, sendJson } from "./respond.ts";

export interface UsageDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  usage: UsageRepository;
  recorder: DiaryUsageRecorder;
}

export function createUsageApi(deps: UsageDeps) {
  function table(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const auth = authenticate(req, deps.sessions, deps.school);
    if (!auth) throw new HttpError(401, "unauthenticated");
    const classes = deps.usage.classes();
    const visible = classes.filter((c) => mayMonitorDiaryUsage(auth.actor, c.classId).ok);
    const classId = url.searchParams.get("classId");
    if (classId === null) {
      if (visible.length === 0) throw new HttpError(403, "forbidden");
      return sendJson(res, 200, { classes: visible } satisfies DiaryUsageClasses);
    }
    const cls = classes.find((c) => c.classId === classId);
    const verdict = mayMonitorDiaryUsage(auth.actor, classId);
    if (!verdict.ok) throw new HttpError(403, verdict.code);
    if (!cls) throw new HttpError(404, "not-found");
    deps.recorder.flush();
    sendJson(res, 200, { classId, className: cls.className, rows: deps.usage.classUsage(classId) } satisfies DiaryUsage);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method !== "GET" || url.pathname !== "/api/usage/diary") return false;
    table(req, res, url);
    return true;
  }

  return { handle };
}
