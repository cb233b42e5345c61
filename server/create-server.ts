/**
 * Composes the server: one Node process serving the built client, the JSON
 * API and the sync WebSocket over one SQLite file.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import { join, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { openDatabase } from "./storage/open-database.ts";
import type { SqlDatabase } from "./storage/sql-database.ts";
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
import { authenticate } from "./auth/authenticate.ts";
import { createSignInThrottle, type ThrottleEvent } from "./auth/sign-in-throttle.ts";
import { verifyStoredDocuments } from "./storage/verify-documents.ts";
import { createBackupService } from "./backup/backup-service.ts";
import { createSessionManager } from "./auth/sessions.ts";
import { createDocumentRegistry, DocumentElsewhereError } from "./documents/document-registry.ts";
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
import { journalDocName } from "../shared/doc-names.ts";
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
import { classShard, startClusterNode, type ClusterNode } from "./cluster/cluster-node.ts";
import { createWritePlacement } from "./cluster/write-placement.ts";
import type { LeaseTimings } from "./cluster/shard-leases.ts";
import { CalendarRepository } from "./storage/calendar-repository.ts";
import { SetupRepository } from "./storage/setup-repository.ts";
import { TimetableRepository } from "./storage/timetable-repository.ts";
import { createLessonColumns } from "./setup/lesson-columns.ts";
import { createSetupApi } from "./http/setup-routes.ts";
import { createTimetableApi } from "./http/timetable-routes.ts";
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
  /** postgres://... stores everything in PostgreSQL; otherwise SQLite in dataDir (the embedded default). */
  databaseUrl?: string;
  port: number;
  host?: string;
  distDir?: string;
  log?: (msg: string) => void;
  /** The server's clock; JOURNAL_NOW by default (see clock.ts). */
  now?: Clock;
  /** How often open tabs ask for the build being served, to offer a new one (UPDATE_CHECK_SECONDS; default 300). */
  updateCheckSeconds?: number;
  /** Several processes serving one school or region: REDIS_URL, and these nodes share one store (docs/deploy.md). */
  cluster?: { redisUrl: string; nodeId?: string; prefix?: string; timings?: LeaseTimings };
}

export interface JournalServer {
  url: string;
  port: number;
  db: SqlDatabase;
  demoLogins: DemoLogin[] | null;
  close(): Promise<void>;
}

function isEmpty(db: SqlDatabase): boolean {
  return (db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n === 0;
}

export async function startJournalServer(opts: ServerOptions): Promise<JournalServer> {
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const { db, sqlite } = openDatabase(opts.dataDir, opts.databaseUrl);
  verifyStoredDocuments(db);
  const now = opts.now ?? createClock();
  const demoLogins = isEmpty(db) ? seedDemoSchool(db, new Date(now()), await hashPassword(DEMO_PASSWORD)) : null;

  const school = new SchoolRepository(db);
  let cluster: ClusterNode | null = null;
  // Issue 10: in a cluster every stored write carries the writer's lease token (a stale holder is refused).
  const store = new SqliteDocumentStore(db, opts.cluster ? (name) => cluster?.fenceOf(name) ?? null : null);
  const sessions = createSessionManager(new SessionRepository(db));
  const audit = new AuditRepository(db);
  const admin = new SchoolAdminRepository(db);
  const messageRepo = new MessageRepository(db);
  const nameOf = createNameCache((id) => school.userShortName(id));
  const inCluster = opts.cluster !== undefined;
  const registry = createDocumentRegistry(store, school, {
    nameOf, log,
    owns: inCluster ? (name) => cluster?.owns(name) ?? false : undefined,
    elsewhere: inCluster ? (command) => void cluster?.notify(command).catch((err: Error) => log(`cluster: ${err.message}`)) : undefined,
    today: () => localTime(now(), school.rules().timeZone).date,
    inboxes: { exists: (userId) => messageRepo.person(userId) !== null, build: (doc, userId) => buildInbox(doc, userId, messageRepo) },
  });
  const pipeline = createUpdatePipeline({ registry, audit, admin, now, nameOf, log });
  const rules = school.rules();
  const backups = createBackupService(sqlite, {
    dir: join(opts.dataDir, "backups"), keep: Number(school.setting("backupKeep") ?? 14), at: school.setting("backupAt") ?? "02:00",
    timeZone: rules.timeZone, now, log,
    // Nodes sharing one SQLite file: the night's backup is made once, by whichever node asks first.
    // If Redis cannot say, back up anyway: two backups are better than none.
    mayRunScheduled: async (day) => (cluster ? cluster.once(`backup:${day}`, 20 * 3600_000).catch(() => true) : true),
  });
  backups.start();
  let disconnectUser: (userId: string) => void = () => {};
  const adminApi = createAdminApi({ sessions, school, admin, audit, registry, now, backups, disconnectUser: (id) => disconnectUser(id) });
  const attachmentRows = new AttachmentRepository(db);
  const attachmentApi = createAttachmentApi({ sessions, school, attachments: attachmentRows, registry, pipeline, audit, now });
  const planApi = createPlanApi({ sessions, school, plans: new PlanRepository(db) });
  const messageApi = createMessageApi({ sessions, school, messages: createMessageService({ repo: messageRepo, registry, now }) });
  const usage = new UsageRepository(db);
  const diaryUsage = createDiaryUsageRecorder(usage, now, 5000, log);
  const usageApi = createUsageApi({ sessions, school, usage, recorder: diaryUsage });
  const pdf = createRenderPool(log);
  const reportDeps = { sessions, school, reports: new ReportRepository(db), registry, now, pdf };
  // Issue 10: each node tells the others what it counted, so the lockout holds across the cluster.
  const shareThrottle = (throttle: "password" | "invite") => (event: ThrottleEvent) => {
    if (cluster) cluster.everywhere({ type: "sign-in", from: cluster.nodeId, throttle, event });
  };
  const signInThrottle = createSignInThrottle(Date.now, shareThrottle("password"));
  const inviteThrottle = createSignInThrottle(Date.now, shareThrottle("invite"));
  const people = new PeopleRepository(db);
  /** Shards looked up again; a document loaded here whose shard is now another's (a moved student's diary) is dropped. */
  const reshard = () => {
    const node = cluster;
    if (!node) return;
    node.forgetShards();
    registry.dropWhere((name) => !node.owns(name));
  };
  const rosterChanged = (classId: string) => {
    // In a cluster a student may have changed class, and with it the shard of its diary: looked up again everywhere.
    if (cluster) {
      reshard();
      cluster.everywhere({ type: "forget-shards" });
    }
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
  const inviteApi = createInviteApi({ sessions, school, people, now, throttle: inviteThrottle });
  const importApi = createImportApi({ sessions, school, people, now, rosterChanged });
  // P1-P3, R6: the school's set-up: calendar, classes, teaching load, timetable, substitutions.
  const calendar = new CalendarRepository(db);
  const setup = new SetupRepository(db);
  const timetable = new TimetableRepository(db);
  const schoolToday = () => localTime(now(), school.rules().timeZone).date;
  /** P1: a class another node serves follows the calendar there; when its owner is unreachable, retried until its lease lapses. */
  const followOnOwner = (classId: string, attempt = 0): void => {
    const node = cluster;
    if (!node) return;
    node.routeShard(classShard(classId)).then((where) => {
      if (where === "local") lessons.followCalendar(classId);
      else if (where !== null) return node.onShard(classShard(classId), { type: "follow-calendar", classId });
      else if (attempt < 30) setTimeout(() => followOnOwner(classId, attempt + 1), 1000).unref();
      else log(`cluster: class ${classId} could not follow the calendar change: no node serves it`);
    }).catch((err: Error) => log(`cluster: ${err.message}`));
  };
  const lessons = createLessonColumns({
    calendar, timetable, school, registry, pipeline, today: schoolToday,
    ...(inCluster ? {
      placeClass: async (classId: string) => (await cluster?.routeShard(classShard(classId))) === "local",
      followElsewhere: (classId: string) => followOnOwner(classId),
    } : {}),
  });
  let recheckAccess: (docName: string) => void = () => {};
  const setupApi = createSetupApi({ sessions, school, calendar, setup, registry, lessons, now, rosterChanged, accessChanged: (pageId) => recheckAccess(journalDocName(pageId)) });
  const timetableApi = createTimetableApi({ sessions, school, calendar, setup, timetable, admin, registry, pipeline, lessons, now });
  const api = createApi({ sessions, school, throttle: signInThrottle, extra: [timetableApi, setupApi, adminApi, attachmentApi, messageApi, usageApi, planApi, createReportApi(reportDeps), createPrintApi(reportDeps), createArchiveApi(reportDeps), peopleApi, inviteApi, importApi, ...setupApis] });
  const files = createStaticFiles(resolve(opts.distDir ?? "dist"), { updateCheckSeconds: opts.updateCheckSeconds });
  const placement = createWritePlacement(() => cluster, {
    pageOfLesson: (lessonId) => timetable.lesson(lessonId)?.pageId ?? null,
    pageOfAttachment: (id) => attachmentRows.find(id)?.pageId ?? null,
  }, (req) => authenticate(req, sessions, school) !== null);

  const server: Server = createHttpServer((req, res) => {
    setSecurityHeaders(res);
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    placement
      .place(req, res, pathname)
      .then((placed) => placed || api.handle(req, res, pathname))
      .then((handled) => {
        if (handled) return;
        if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, "bad-request");
        files.serve(req, res, pathname);
      })
      .catch((err: unknown) => {
        // In a cluster, the owner of what the request writes changed while it ran: the client tries again.
        if (err instanceof DocumentElsewhereError) return void (res.headersSent || sendError(res, 503, "document-elsewhere"));
        log(`request failed: ${String(err)}`);
        if (!res.headersSent) sendError(res, 500, "internal");
      });
  });
  if (opts.cluster) {
    cluster = await startClusterNode({ ...opts.cluster, log }, school, {
      accept: (socket, head, docName) => sync.accept(socket, head, docName),
      run: (command) => {
        if (command.type === "disconnect-user") sync.disconnectUser(command.userId);
        else if (command.type === "recheck-access") sync.recheckAccess(command.docName);
        else if (command.type === "forget-shards") reshard();
        else if (command.type === "follow-calendar") lessons.followCalendar(command.classId);
        else if (command.type === "sign-in") {
          if (command.from !== cluster?.nodeId) (command.throttle === "password" ? signInThrottle : inviteThrottle).apply(command.event);
        }
        else registry.refresh(command);
      },
      dropShard: (inShard) => registry.dropWhere(inShard),
      fences: { stored: (shard) => store.storedFence(shard), raise: (shard, token) => store.takeFence(shard, token) },
      localAddress: () => {
        const address = server.address();
        return address && typeof address === "object" ? { host: address.address, port: address.port } : null;
      },
    });
  }
  const sync = attachSyncServer(server, { sessions, school, registry, pipeline, log, onOpen: diaryUsage.opened, cluster: cluster ?? undefined });
  // A1 "at once" on every node, and access rechecked wherever the document's sockets are.
  const node = cluster;
  disconnectUser = node ? (userId) => node.everywhere({ type: "disconnect-user", userId }) : sync.disconnectUser;
  recheckAccess = node ? (docName) => node.everywhere({ type: "recheck-access", docName }) : sync.recheckAccess;
  const sweeper = setInterval(() => {
    try {
      registry.sweep();
    } catch (err) {
      log(`sweep failed: ${(err as Error).message}`);
    }
    const node = cluster;
    if (node) void node.releaseIdle((shard) => [...registry.live.keys()].some((name) => node.shardOf(name) === shard));
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
      cluster?.disconnect();
      diaryUsage.stop();
      await new Promise<void>((ok) => server.close(() => ok()));
      registry.closeAll();
      // Only once all it accepted is stored may another node take its documents over.
      await cluster?.stop();
      db.close();
    },
  };
}
