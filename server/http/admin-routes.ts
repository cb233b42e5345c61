/**
 * What the administration does over HTTP for the rules engine: correction
 * permits (J9), the rule settings, and reading a cell's audit history (J11). Every route checks the role on the server.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Actor } from "../../shared/roles.ts";
import { RULE_SETTINGS } from "../../shared/school-rules.ts";
import { authenticate } from "../auth/authenticate.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { SchoolAdminRepository } from "../storage/school-admin-repository.ts";
import type { AuditRepository } from "../storage/audit-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { Clock } from "../clock.ts";
import type { BackupService } from "../backup/backup-service.ts";
import { readJson } from "./read-body.ts";
import { HttpError, sendJson } from "./respond.ts";

export interface AdminDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  admin: SchoolAdminRepository;
  audit: AuditRepository;
  registry: DocumentRegistry;
  now: Clock;
  backups: BackupService;
  /** Closes the open sockets of a user (bound once the sync server exists). */
  disconnectUser: (userId: string) => void;
}

const str = (v: unknown, max = 500): string => {
  if (typeof v !== "string" || v.trim().length === 0 || v.length > max) throw new HttpError(400, "bad-request");
  return v.trim();
};

export function createAdminApi(deps: AdminDeps) {
  function actorWith(req: IncomingMessage, roles: readonly string[]): Actor {
    const auth = authenticate(req, deps.sessions, deps.school);
    if (!auth) throw new HttpError(401, "unauthenticated");
    if (!roles.includes(auth.actor.role)) throw new HttpError(403, "forbidden");
    return auth.actor;
  }

  async function grantPermit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const actor = actorWith(req, ["admin"]);
    const body = (await readJson(req)) as Record<string, unknown>;
    const pageId = str(body.pageId, 20);
    if (!deps.school.pageFacts(pageId)) throw new HttpError(404, "not-found");
    const lessonId = body.lessonId === undefined || body.lessonId === null ? null : str(body.lessonId, 20);
    if (lessonId !== null && deps.admin.lessonPage(lessonId)?.pageId !== pageId) throw new HttpError(400, "bad-request");
    const cells = Array.isArray(body.cells) ? body.cells.map((c) => str(c, 80)) : [];
    if (lessonId === null && cells.length === 0) throw new HttpError(400, "bad-request");
    const expiresAt = Number(body.expiresAt);
    if (!Number.isFinite(expiresAt) || expiresAt <= deps.now()) throw new HttpError(400, "bad-request");
    const permitId = deps.admin.grantPermit({ pageId, lessonId, cells, reason: str(body.reason), expiresAt, by: actor.userId, at: deps.now() });
    deps.registry.refreshJournal(pageId);
    sendJson(res, 200, { permitId });
  }

  async function changeRules(req: IncomingMessage, res: ServerResponse): Promise<void> {
    actorWith(req, ["admin"]);
    const body = (await readJson(req)) as Record<string, unknown>;
    const entries = Object.entries(body);
    for (const [key, value] of entries) {
      const check = (RULE_SETTINGS as Record<string, (v: unknown) => boolean>)[key];
      if (!check || !check(value)) throw new HttpError(400, "bad-request");
    }
    for (const [key, value] of entries) deps.admin.setRule(key, value);
    deps.registry.refreshAllJournals();
    sendJson(res, 200, deps.school.rules());
  }

  /** A1: an administrator disables an account: its sessions end and its open sockets close at once. */
  function disableUser(req: IncomingMessage, res: ServerResponse, userId: string): void {
    const actor = actorWith(req, ["admin"]);
    if (userId === actor.userId) throw new HttpError(400, "bad-request");
    if (!deps.admin.disableUser(userId)) throw new HttpError(404, "not-found");
    deps.sessions.revokeAll(Number(userId));
    deps.disconnectUser(userId);
    sendJson(res, 200, { userId, disabled: true });
  }

  function history(req: IncomingMessage, res: ServerResponse, url: URL): void {
    actorWith(req, ["admin", "director", "deputy"]);
    const doc = str(url.searchParams.get("doc"), 80);
    const target = str(url.searchParams.get("target"), 120);
    sendJson(res, 200, deps.audit.history(doc, target));
  }

  /** Returns false when the route is not one of these. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method} ${url.pathname}`;
    // POST /api/substitutions (R6) lives with the timetable: http/timetable-routes.ts.
    if (route === "POST /api/permits") await grantPermit(req, res);
    else if (route === "PATCH /api/settings/rules") await changeRules(req, res);
    else if (route === "GET /api/audit") history(req, res, url);
    else if (route === "POST /api/backups") {
      actorWith(req, ["admin"]);
      if (!deps.backups.available) throw new HttpError(409, "backups-by-database");
      sendJson(res, 200, await deps.backups.backupNow());
    } else if (route === "GET /api/backups") {
      actorWith(req, ["admin"]);
      sendJson(res, 200, deps.backups.list());
    }
    else if (req.method === "POST" && /^\/api\/users\/\d+\/disable$/.test(url.pathname)) disableUser(req, res, url.pathname.split("/")[3]!);
    else return false;
    return true;
  }

  return { handle };
}
