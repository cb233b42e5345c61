/**
 * Composes the server: one Node process serving the built client, the JSON
 * API and the sync WebSocket over one SQLite file.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import { join, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { openSqliteDatabase, type SqliteDatabase } from "./storage/sqlite-database.ts";
import { SqliteDocumentStore } from "./storage/sqlite-document-store.ts";
import { SchoolRepository } from "./storage/school-repository.ts";
import { SessionRepository } from "./storage/session-repository.ts";
import { AuditRepository } from "./storage/audit-repository.ts";
import { SchoolAdminRepository } from "./storage/school-admin-repository.ts";
import { createAdminApi } from "./http/admin-routes.ts";
import { createPlanApi } from "./http/plan-routes.ts";
import { PlanRepository } from "./storage/plan-repository.ts";
import { createAttachmentApi } from "./http/attachment-routes.ts";
import { createReportApi } from "./http/report-routes.ts";
import { createPrintApi } from "./http/print-routes.ts";
import { createArchiveApi } from "./http/archive-routes.ts";
import { createRenderPool } from "./pdf/render-pool.ts";
import { ReportRepository } from "./reports/report-repository.ts";
import { AttachmentRepository } from "./storage/attachment-repository.ts";
import { createClock, type Clock } from "./clock.ts";
import { createSignInThrottle } from "./auth/sign-in-throttle.ts";
import { verifyStoredDocuments } from "./storage/verify-documents.ts";
import { createBackupService } from "./backup/backup-service.ts";
import { createSessionManager } from "./auth/sessions.ts";
import { createDocumentRegistry } from "./documents/document-registry.ts";
import { createNameCache } from "./diary/name-cache.ts";
import { createUpdatePipeline } from "./sync/handle-client-update.ts";
import { attachSyncServer } from "./sync/sync-server.ts";
import { createApi } from "./http/api-routes.ts";
import { createStaticFiles } from "./http/static-files.ts";
import { setSecurityHeaders } from "./http/security-headers.ts";
import { sendError } from "./http/respond.ts";
import { hashPassword } from "./auth/passwords.ts";
import { DEMO_PASSWORD, seedDemoSchool, type DemoLogin } from "./seed/demo-school.ts";
import { MessageRepository } from "./storage/message-repository.ts";
import { localTime } from "../shared/school-time.ts";
import { buildInbox } from "./messages/inbox-projection.ts";
import { createMessageService } from "./messages/message-service.ts";
import { createMessageApi } from "./messages/message-routes.ts";
import { UsageRepository } from "./storage/usage-repository.ts";
import { createDiaryUsageRecorder } from "./diary/diary-usage.ts";
import { createUsageApi } from "./http/usage-routes.ts";
import { PeopleRepository } from "./storage/people-repository.ts";
import { createPeopleApi } from "./http/people-routes.ts";
import { createInviteApi } from "./http/invite-routes.ts";
import { createImportApi } from "./http/import-routes.ts";
import { GroupRepository } from "./storage/group-repository.ts";
import { YearRepository } from "./storage/year-repository.ts";
import { CurriculumRepository } from "./storage/curriculum-repository.ts";
import { MovementRepository } from "./storage/movement-repository.ts";
import { createGroupApi } from "./http/group-routes.ts";
import { createCurriculumApi } from "./http/curriculum-routes.ts";
import { createMovementApi } from "./http/movement-routes.ts";
import { createYearCloseApi } from "./http/year-close-routes.ts";
import { createInboxNames } from "./messages/inbox-names.ts";

export interface ServerOptions {
  dataDir: string;
  port: number;
  host?: string;
  distDir?: string;
  log?: (msg: string) => void;
  /** The server's clock; JOURNAL_NOW by default (see clock.ts). */
  now?: Clock;
}

export interface JournalServer {
  url: string;
  port: number;
  db: SqliteDatabase;
  demoLogins: DemoLogin[] | null;
  close(): Promise<void>;
}

function isEmpty(db: SqliteDatabase): boolean {
  return (db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n === 0;
}

export async function startJournalServer(opts: ServerOptions): Promise<JournalServer> {
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const db = openSqliteDatabase(join(opts.dataDir, "journal.sqlite"));
  verifyStoredDocuments(db);
  const now = opts.now ?? createClock();
  const demoLogins = isEmpty(db) ? seedDemoSchool(db, new Date(now()), await hashPassword(DEMO_PASSWORD)) : null;

  const school = new SchoolRepository(db);
  const store = new SqliteDocumentStore(db);
  const sessions = createSessionManager(new SessionRepository(db));
  const audit = new AuditRepository(db);
  const admin = new SchoolAdminRepository(db);
  const messageRepo = new MessageRepository(db);
  const nameOf = createNameCache((id) => school.userShortName(id));
  const registry = createDocumentRegistry(store, school, {
    nameOf, log,
    today: () => localTime(now(), school.rules().timeZone).date,
    inboxes: { exists: (userId) => messageRepo.person(userId) !== null, build: (doc, userId) => buildInbox(doc, userId, messageRepo) },
  });
  const pipeline = createUpdatePipeline({ registry, audit, admin, now, nameOf, log });
  const rules = school.rules();
  const backups = createBackupService(db, {
    dir: join(opts.dataDir, "backups"), keep: Number(school.setting("backupKeep") ?? 14), at: school.setting("backupAt") ?? "02:00",
    timeZone: rules.timeZone, now, log,
  });
  backups.start();
  let disconnectUser: (userId: string) => void = () => {};
  const adminApi = createAdminApi({ sessions, school, admin, audit, registry, now, backups, disconnectUser: (id) => disconnectUser(id) });
  const attachmentApi = createAttachmentApi({ sessions, school, attachments: new AttachmentRepository(db), registry, pipeline, audit, now });
  const planApi = createPlanApi({ sessions, school, plans: new PlanRepository(db) });
  const messageApi = createMessageApi({ sessions, school, messages: createMessageService({ repo: messageRepo, registry, now }) });
  const usage = new UsageRepository(db);
  const diaryUsage = createDiaryUsageRecorder(usage, now, 5000, log);
  const usageApi = createUsageApi({ sessions, school, usage, recorder: diaryUsage });
  const pdf = createRenderPool(log);
  const reportDeps = { sessions, school, reports: new ReportRepository(db), registry, now, pdf };
  const signInThrottle = createSignInThrottle();
  const people = new PeopleRepository(db);
  const rosterChanged = (classId: string) => {
    for (const pageId of school.pageIdsOfClass(classId)) registry.refreshJournal(pageId);
    for (const studentId of school.studentIdsOfClass(classId)) registry.refreshDiaryCard(studentId);
  };
  const inboxNames = createInboxNames(registry, messageRepo);
  const familyChanged = (studentId: string) => {
    const facts = school.diaryFacts(studentId);
    for (const id of [facts?.studentUserId ?? null, ...(facts?.parentUserIds ?? [])]) if (id !== null) inboxNames.personChanged(id);
  };
  const cardChanged = (card: { studentId: string } | { parentId: string }) => ("studentId" in card ? familyChanged(card.studentId) : inboxNames.personChanged(card.parentId));
  const peopleApi = createPeopleApi({ sessions, school, admin, people, now, throttle: signInThrottle, rosterChanged, cardChanged, disconnectUser: (id) => disconnectUser(id) });
  const years = new YearRepository(db);
  const groups = new GroupRepository(db);
  // P2, D5: after a move, the student's diary shows each page within its time on it; a parent's title names the new class.
  const diaryPagesChanged = (studentId: string) => {
    registry.refreshDiaryPages(studentId);
    familyChanged(studentId);
  };
  const setupApis = [
    createGroupApi({ db, sessions, school, admin, groups, years, now, rosterChanged, diaryPagesChanged: (id) => registry.refreshDiaryPages(id) }),
    createCurriculumApi({ sessions, school, curriculum: new CurriculumRepository(db), years, now }),
    createMovementApi({ sessions, school, people, groups, movement: new MovementRepository(db), years, now, rosterChanged, diaryPagesChanged }),
    createYearCloseApi({ sessions, school, registry, movement: new MovementRepository(db), years, now, rosterChanged }),
  ];
  const inviteApi = createInviteApi({ sessions, school, people, now, throttle: createSignInThrottle() });
  const importApi = createImportApi({ sessions, school, people, now, rosterChanged });
  const api = createApi({ sessions, school, throttle: signInThrottle, extra: [adminApi, attachmentApi, messageApi, usageApi, planApi, createReportApi(reportDeps), createPrintApi(reportDeps), createArchiveApi(reportDeps), peopleApi, inviteApi, importApi, ...setupApis] });
  const files = createStaticFiles(resolve(opts.distDir ?? "dist"));

  const server: Server = createHttpServer((req, res) => {
    setSecurityHeaders(res);
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    api
      .handle(req, res, pathname)
      .then((handled) => {
        if (handled) return;
        if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, "bad-request");
        files.serve(req, res, pathname);
      })
      .catch((err: unknown) => {
        log(`request failed: ${String(err)}`);
        if (!res.headersSent) sendError(res, 500, "internal");
      });
  });
  const sync = attachSyncServer(server, { sessions, school, registry, pipeline, log, onOpen: diaryUsage.opened });
  disconnectUser = sync.disconnectUser;
  const sweeper = setInterval(() => {
    registry.sweep();
    sync.dropExpiredSessions();
  }, 30_000);
  sweeper.unref();

  await new Promise<void>((ok) => server.listen(opts.port, opts.host ?? "0.0.0.0", ok));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    demoLogins,
    async close() {
      clearInterval(sweeper);
      backups.stop();
      await pdf.close();
      sync.close();
      diaryUsage.stop();
      await new Promise<void>((ok) => server.close(() => ok()));
      registry.closeAll();
      db.close();
    },
  };
}
