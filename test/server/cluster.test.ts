/**
 * Issue 10: several server processes serve one school through Redis. Two
 * nodes share one store; each class is served by the node holding its lease,
 * and a client that reaches the other node is forwarded there. An edit made
 * on node A reaches node B's clients and diaries; a refused edit reaches no
 * one; killing the owner loses nothing it accepted, and its clients carry on
 * at the other node.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../support/store.ts";
import type * as Y from "yjs";
import { makeDataDir, removeDataDir, startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { REDIS_BINARY, startRedis, type RedisProcess } from "../support/redis-server.ts";
import { call, me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, lessonsMap, readAttachments, readCell, readLessons, readRoster } from "../../shared/journal-schema.ts";
import { diaryEntriesMap, diaryStudentMap } from "../../shared/diary-schema.ts";
import type { TimetableView, YearDetail } from "../../shared/setup-api.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { PageSummary } from "../../shared/api.ts";
import { Redis } from "ioredis";
import { DEMO_PASSWORD } from "../../server/seed/demo-school.ts";
import { decodeFrame, encodeFrame, FRAME } from "../../server/cluster/node-bus.ts";

/** Short, so the test sees a dead node's lease lapse soon; long enough for a loaded 2-core machine to renew it in time. */
const LEASE_MS = 3000;
let redis: RedisProcess;
const dataDir = makeDataDir();
let nodeA: ServerProcess;
let nodeB: ServerProcess;
const clients: DocClient[] = [];

const node = (id: string) => ({ REDIS_URL: redis.url, NODE_ID: id, CLUSTER_LEASE_MS: String(LEASE_MS) });

beforeAll(async () => {
  if (!REDIS_BINARY) return;
  redis = await startRedis();
  // One after the other: the first creates the demo school in the shared store.
  nodeA = await startServer(dataDir, node("a"));
  nodeB = await startServer(dataDir, node("b"));
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await nodeA?.stop().catch(() => undefined);
  await nodeB?.stop().catch(() => undefined);
  await redis?.stop();
  removeDataDir(dataDir);
});

function open(server: ServerProcess, cookie: string, docName: string): DocClient {
  const c = openDoc(server.url, cookie, docName);
  clients.push(c);
  return c;
}

/** Every value a replica ever showed for a cell, and every value a diary ever listed. */
function recordCell(doc: Y.Doc, key: string): unknown[] {
  const seen: unknown[] = [];
  cellsMap(doc).observe(() => seen.push(readCell(doc, key)?.value ?? null));
  return seen;
}
function recordDiary(doc: Y.Doc): unknown[] {
  const seen: unknown[] = [];
  diaryEntriesMap(doc).observe(() => seen.push(...[...diaryEntriesMap(doc).values()].map((e) => e.value)));
  return seen;
}

/** Which node holds the lease on the class of a page. */
async function leaseHolder(pageId: string): Promise<string | null> {
  const db = openStore(nodeB, { readonly: true });
  const classId = (db.prepare("SELECT class_id FROM pages WHERE id = ?").get(pageId) as { class_id: number }).class_id;
  db.close();
  const r = new Redis(redis.url);
  try {
    return await r.get(`journal:lease:class:${classId}`);
  } finally {
    r.disconnect();
  }
}

function classOf(pageId: string): string {
  const db = openStore(nodeB, { readonly: true });
  try {
    return String((db.prepare("SELECT class_id FROM pages WHERE id = ?").get(pageId) as { class_id: number }).class_id);
  } finally {
    db.close();
  }
}

/** A page of a class none of the tests opens (neither 5А nor 6Б). */
function idleClassPage(): string {
  const db = openStore(nodeB, { readonly: true });
  try {
    const row = db.prepare("SELECT p.id FROM pages p JOIN classes c ON c.id = p.class_id WHERE c.name NOT IN ('5А', '6Б') AND c.year_id = 1 ORDER BY p.id LIMIT 1").get() as { id: number };
    return String(row.id);
  } finally {
    db.close();
  }
}

function auditRows(target: string): number {
  const db = openStore(nodeB, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE target = ?").get(target) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe.skipIf(!REDIS_BINARY)("a school served by two nodes (issue 10)", () => {
  let teacher: string;
  let teacherId: string;
  let page: PageSummary;

  beforeAll(async () => {
    teacher = await signIn(nodeA.url, "ivanova");
    const profile = await me(nodeB.url, teacher); // one session, valid on every node
    teacherId = profile.user.id;
    page = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
  });

  it("an edit accepted on node A reaches node B's clients and diaries, checked exactly once", async () => {
    const onA = open(nodeA, teacher, page.docName);
    await onA.synced();
    const onB = open(nodeB, await signIn(nodeB.url, "director"), page.docName);
    await onB.synced();
    const student = readRoster(onA.doc)[1]!;
    const diaryOnB = open(nodeB, await signIn(nodeB.url, "ivanova"), `diary/${student.id}`);
    await diaryOnB.synced();
    const key = cellKey(student.id, lessonOn(onA.doc, TEST_TODAY)!.id);
    // The class is node A's: B's clients are forwarded to it.
    expect(await leaseHolder(page.pageId)).toBe("a");

    onA.doc.transact(() => cellsMap(onA.doc).set(key, entry("5", teacherId, nodeA.now())), ORIGIN.local);
    await until(() => readCell(onB.doc, key)?.value === "5", "node B's client sees the mark");
    await until(() => [...diaryEntriesMap(diaryOnB.doc).values()].some((e) => e.value === "5"), "node B's diary reader sees it");
    expect(auditRows(key)).toBe(1);

    // And the other way round: written on B, accepted once by the owner, seen on A.
    const writerOnB = open(nodeB, teacher, page.docName);
    await writerOnB.synced();
    expect(readCell(writerOnB.doc, key)?.value).toBe("5");
    writerOnB.doc.transact(() => cellsMap(writerOnB.doc).set(key, entry("4", teacherId, nodeB.now())), ORIGIN.local);
    await until(() => readCell(onA.doc, key)?.value === "4", "node A's client sees B's edit");
    await until(() => [...diaryEntriesMap(diaryOnB.doc).values()].some((e) => e.value === "4"), "diary follows");
    expect(auditRows(key)).toBe(2);
  });

  it("J3: an edit refused by the owner appears on no node and in no diary; its author, on the other node, is told why", async () => {
    const author = open(nodeB, teacher, page.docName);
    const watcherA = open(nodeA, await signIn(nodeA.url, "director"), page.docName);
    await Promise.all([author.synced(), watcherA.synced()]);
    const student = readRoster(author.doc)[3]!;
    const diaryA = open(nodeA, teacher, `diary/${student.id}`);
    const watcherB = open(nodeB, await signIn(nodeB.url, "director"), page.docName);
    await Promise.all([diaryA.synced(), watcherB.synced()]);
    const key = cellKey(student.id, lessonOn(author.doc, TEST_TODAY)!.id);
    const seenA = recordCell(watcherA.doc, key);
    const seenB = recordCell(watcherB.doc, key);
    const seenInDiary = recordDiary(diaryA.doc);

    author.doc.transact(() => cellsMap(author.doc).set(key, entry("7", teacherId, nodeB.now())), ORIGIN.local);
    await until(() => author.notices.length > 0, "the author is told");
    expect(author.notices[0]).toMatchObject({ type: "rejected", changes: [{ target: key, code: "invalid-value", attempted: "7" }] });
    await until(() => !cellsMap(author.doc).has(key), "the author's replica is compensated");

    // A later accepted edit proves the refused one would have arrived before it.
    author.doc.transact(() => cellsMap(author.doc).set(key, entry("3", teacherId, nodeB.now())), ORIGIN.local);
    await until(() => readCell(watcherA.doc, key)?.value === "3" && readCell(watcherB.doc, key)?.value === "3" && seenInDiary.includes("3"), "everyone sees 3");
    expect(seenA).not.toContain("7");
    expect(seenB).not.toContain("7");
    expect(seenInDiary).not.toContain("7");
  });

  it("A1: an account disabled through node B has its sockets on node A closed at once", async () => {
    const kuznetsova = await signIn(nodeA.url, "kuznetsova");
    const profile = await me(nodeA.url, kuznetsova);
    const c = open(nodeA, kuznetsova, profile.pages[0]!.docName);
    await c.synced();
    const admin = await signIn(nodeB.url, "admin");
    expect((await call(nodeB.url, admin, "POST", `/api/users/${profile.user.id}/disable`)).status).toBe(200);
    // Well before the 30 s sweep of expired sessions would have closed it.
    const closed = await Promise.race([c.closed, new Promise<null>((ok) => setTimeout(() => ok(null), 10_000))]);
    expect(closed).toEqual({ code: CLOSE_CODES.unauthenticated, reason: "unauthenticated" });
  });

  it("A1: a login locked by failed sign-ins on node A is locked on node B too", async () => {
    const attempt = (server: ServerProcess, password: string) => fetch(`${server.url}/api/session`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "medic", password }),
    }).then((r) => r.status);
    for (let i = 0; i < 5; i++) expect(await attempt(nodeA, "wrong")).toBe(401);
    // Fewer than five tries on B: B alone would never lock the login.
    let onB = 0;
    for (let i = 0; i < 4 && onB !== 429; i++) {
      onB = await attempt(nodeB, "wrong");
      if (onB !== 429) await new Promise((r) => setTimeout(r, 100));
    }
    expect(onB).toBe(429);
    expect(await attempt(nodeB, DEMO_PASSWORD)).toBe(429);
  });

  it("R1: a mark for a student who moved to a class another node serves reaches the diary there; the writer's batch is unharmed", async () => {
    const writer = open(nodeA, teacher, page.docName);
    await writer.synced();
    expect(await leaseHolder(page.pageId)).toBe("a");
    // Node B serves 6Б: its teacher has a 6Б page open there.
    const smirnova = await signIn(nodeB.url, "smirnova");
    const six = (await me(nodeB.url, smirnova)).pages.find((p) => p.className === "6Б" && p.subjectName === "Математика")!;
    const sixOnB = open(nodeB, smirnova, six.docName);
    await sixOnB.synced();
    expect(await leaseHolder(six.pageId)).toBe("b");
    const db = openStore(nodeB, { readonly: true });
    const class6B = String((db.prepare("SELECT id FROM classes WHERE name = '6Б'").get() as { id: number }).id);
    db.close();
    const [moved, stays] = [readRoster(writer.doc)[7]!, readRoster(writer.doc)[8]!];
    const admin = await signIn(nodeB.url, "admin");
    expect((await call(nodeB.url, admin, "POST", `/api/students/${moved.id}/transfer`, { toClassId: class6B, on: "19.11.2026" })).status).toBe(200);
    const diaryOnB = open(nodeB, admin, `diary/${moved.id}`);
    await diaryOnB.synced();
    const statuses: string[] = [];
    writer.provider.on("status", (e: { status: string }) => statuses.push(e.status));

    // Today is before the move: her mark is still 5А's, written on A, in one update with a classmate's.
    const lesson = lessonOn(writer.doc, TEST_TODAY)!.id;
    writer.doc.transact(() => {
      cellsMap(writer.doc).set(cellKey(moved.id, lesson), entry("4", teacherId, nodeA.now()));
      cellsMap(writer.doc).set(cellKey(stays.id, lesson), entry("5", teacherId, nodeA.now()));
    }, ORIGIN.local);
    await until(() => [...diaryEntriesMap(diaryOnB.doc).values()].some((e) => e.value === "4"), "the diary on B shows the mark written on A", 20_000);
    expect(writer.notices).toEqual([]);
    expect(statuses).not.toContain("disconnected");
    expect(auditRows(cellKey(stays.id, lesson))).toBe(1);
  });

  it("R6, J2, P3: a substitution, a file and a timetable change sent to node B for a class node A serves are made by A, and A's open page shows them", async () => {
    const onA = open(nodeA, teacher, page.docName);
    await onA.synced();
    expect(await leaseHolder(page.pageId)).toBe("a");
    const deputy = await signIn(nodeB.url, "deputy");
    const petrovId = (await me(nodeB.url, await signIn(nodeB.url, "petrov"))).user.id;
    const future = readLessons(onA.doc).filter((l) => l.date > TEST_TODAY);
    const covered = future[0]!;
    const sub = await call(nodeB.url, deputy, "POST", "/api/substitutions", { lessonId: covered.id, teacherId: petrovId, reason: "Курсы" });
    expect(sub.status).toBe(200);
    await until(() => lessonsMap(onA.doc).get(covered.id)?.get("substituteId") === petrovId, "A's page names the substitute");
    // A client's forged forwarding mark changes nothing: the cancel is still made by A.
    const cancel = await fetch(`${nodeB.url}/api/substitutions/${covered.id}`, { method: "DELETE", headers: { cookie: deputy, "x-journal-forwarded-by": "a" } });
    expect(cancel.status).toBe(204);
    await until(() => !lessonsMap(onA.doc).get(covered.id)?.get("substituteId"), "A's page drops the substitute");

    const today = lessonOn(onA.doc, TEST_TODAY)!.id;
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    const sent = await fetch(`${nodeB.url}/api/lessons/${today}/attachments`, {
      // As a browser sends it: the Origin check on the owner must see the Host the client used.
      method: "POST", headers: { cookie: teacher, origin: nodeB.url, "content-type": "application/octet-stream", "x-file-name": encodeURIComponent("Задание.pdf") }, body: pdf,
    });
    expect(sent.status).toBe(201);
    const fileId = ((await sent.json()) as { id: string }).id;
    await until(() => readAttachments(lessonsMap(onA.doc).get(today)!).some((f) => f.id === fileId), "A's page lists the file");
    const back = await fetch(`${nodeB.url}/api/attachments/${fileId}`, { headers: { cookie: teacher } });
    expect(Buffer.from(await back.arrayBuffer())).toEqual(Buffer.from(pdf));
    expect((await fetch(`${nodeB.url}/api/attachments/${fileId}`, { method: "DELETE", headers: { cookie: teacher, origin: nodeB.url } })).status).toBeLessThan(300);
    await until(() => readAttachments(lessonsMap(onA.doc).get(today)!).length === 0, "A's page drops the file");

    const classId = classOf(page.pageId);
    const tt = (await call(nodeB.url, deputy, "GET", `/api/classes/${classId}/timetable`)).body as TimetableView;
    const ours = tt.slots.filter((s) => s.pageId === page.pageId);
    const futureCount = () => readLessons(onA.doc).filter((l) => l.date > TEST_TODAY).length;
    const before = futureCount();
    const put = await call(nodeB.url, deputy, "PUT", `/api/classes/${classId}/timetable`, { slots: tt.slots.filter((s) => s !== ours.at(-1)) });
    expect(put.status).toBe(200);
    await until(() => futureCount() < before, "A's page loses the dropped slot's future lessons");
    expect((await call(nodeB.url, deputy, "PUT", `/api/classes/${classId}/timetable`, { slots: tt.slots })).status).toBe(200);
    await until(() => futureCount() === before, "and gets them back");
    // A did the writing, and still serves the class.
    expect(await leaseHolder(page.pageId)).toBe("a");
    expect(onA.notices).toEqual([]);
  });

  it("P1: a holiday saved through node B reaches the pages and diaries of every class, whichever node serves it", async () => {
    const onA = open(nodeA, teacher, page.docName);
    await onA.synced();
    expect(await leaseHolder(page.pageId)).toBe("a");
    const student = readRoster(onA.doc)[2]!;
    const diaryOnA = open(nodeA, teacher, `diary/${student.id}`);
    await diaryOnA.synced();
    const admin = await signIn(nodeB.url, "admin");
    const detail = (await call(nodeB.url, admin, "GET", "/api/years/1")).body as YearDetail;
    const day = readLessons(onA.doc).map((l) => l.date).filter((d) => d > TEST_TODAY).sort()[3]!;
    const year = {
      ...detail.year,
      periods: detail.year.periods.map((p, i) => (i === 1 ? { ...p, name: "2-я четверть (кластер)" } : p)),
      daysOff: [...detail.year.daysOff, { start: day, end: day, name: "Карантин" }],
    };
    expect((await call(nodeB.url, admin, "PUT", "/api/years/1", year)).status).toBe(200);
    await until(() => !readLessons(onA.doc).some((l) => l.date === day), "the holiday's lessons leave A's page");
    await until(() => (diaryStudentMap(diaryOnA.doc).get("periods") as Array<{ name: string }> | undefined)?.[1]?.name === "2-я четверть (кластер)", "A's diary gets the periods");
    // A class no node served is taken by the node the request reached.
    const idle = idleClassPage();
    const holder = await leaseHolder(idle);
    expect(holder === "b" || holder === null).toBe(true);
    const fresh = open(nodeB, admin, `journal/${idle}`);
    await fresh.synced();
    expect(readLessons(fresh.doc).some((l) => l.date === day)).toBe(false);
  });

  it("a node that missed a connection's close (a frame Redis did not take) is told again when data for it comes", async () => {
    const frames: Array<{ channel: string; kind: number; connId: string }> = [];
    const sniff = new Redis(redis.url);
    const inject = new Redis(redis.url);
    try {
      sniff.on("messageBuffer", (channel: Buffer, message: Buffer) => {
        const f = decodeFrame(message);
        if (f) frames.push({ channel: channel.toString(), kind: f.kind, connId: f.connId });
      });
      await sniff.subscribe("journal:node:a", "journal:node:ghost");
      const closes = (channel: string, connId: string) => frames.filter((f) => f.channel === channel && f.kind === FRAME.close && f.connId === connId).length;
      const data = (connId: string) => encodeFrame({ kind: FRAME.data, connId, payload: new Uint8Array([0, 0, 1, 0]) });

      // The owner gets data from a forwarder ("ghost") for a connection it does not serve: it tells that node to close it.
      await inject.publish("journal:node:a", data("ghost/1"));
      await until(() => closes("journal:node:ghost", "ghost/1") >= 1, "a close sent back to the forwarding node");

      // Node B forwards a client to A (the page's owner), and the client leaves.
      expect(await leaseHolder(page.pageId)).toBe("a");
      const client = open(nodeB, teacher, page.docName);
      await client.synced();
      const opened = frames.find((f) => f.channel === "journal:node:a" && f.kind === FRAME.open && f.connId.startsWith("b/"))!;
      expect(opened).toBeDefined();
      client.destroy();
      await until(() => closes("journal:node:a", opened.connId) >= 1, "B's close of the connection");
      const before = closes("journal:node:a", opened.connId);
      // Had that close been lost, A would keep sending: B answers the data with the close again.
      await inject.publish("journal:node:b", data(opened.connId));
      await until(() => closes("journal:node:a", opened.connId) > before, "the close sent again to the owner");
      // A close is never answered, so no two nodes bounce frames.
      await inject.publish("journal:node:a", encodeFrame({ kind: FRAME.close, connId: "ghost/2", payload: new TextEncoder().encode("{}") }));
      await inject.publish("journal:node:a", data("ghost/3"));
      await until(() => closes("journal:node:ghost", "ghost/3") >= 1, "the data after it answered");
      expect(frames.filter((f) => f.connId === "ghost/2" && f.channel === "journal:node:ghost")).toEqual([]);
    } finally {
      sniff.disconnect();
      inject.disconnect();
    }
  });

  it("killing the owner loses nothing it accepted; its clients carry on at the other node", async () => {
    const onA = open(nodeA, teacher, page.docName);
    const onB = open(nodeB, teacher, page.docName);
    await Promise.all([onA.synced(), onB.synced()]);
    const [student, other] = [readRoster(onA.doc)[5]!, readRoster(onA.doc)[6]!];
    const diaryB = open(nodeB, teacher, `diary/${other.id}`);
    await diaryB.synced();
    const lessonId = lessonOn(onA.doc, TEST_TODAY)!.id;
    const key = cellKey(student.id, lessonId);
    onA.doc.transact(() => cellsMap(onA.doc).set(key, entry("5", teacherId, nodeA.now())), ORIGIN.local);
    // Seen on B means stored: nothing leaves a node before its commit.
    await until(() => readCell(onB.doc, key)?.value === "5", "B sees the mark before the kill");

    const statuses: string[] = [];
    onB.provider.on("status", (e: { status: string }) => statuses.push(e.status));
    await nodeA.kill();
    // B's client is dropped by the dead owner's absence, reconnects, and B takes the class over once the lease lapses.
    const later = cellKey(other.id, lessonId);
    await until(() => statuses.includes("disconnected"), "B's client is dropped with its dead owner", 20_000);
    await until(() => onB.provider.wsconnected && onB.provider.synced, "B's client resynced with B", 20_000);
    let holder: string | null = null;
    for (let i = 0; i < 50 && holder !== "b"; i++) {
      holder = await leaseHolder(page.pageId);
      if (holder !== "b") await new Promise((r) => setTimeout(r, 200));
    }
    expect(holder).toBe("b");
    onB.doc.transact(() => cellsMap(onB.doc).set(later, entry("4", teacherId, nodeB.now())), ORIGIN.local);
    await until(() => [...diaryEntriesMap(diaryB.doc).values()].some((e) => e.value === "4"), "B's diary reader gets the new mark", 20_000);

    // A fresh client on B finds both: the mark A accepted before dying, and the one B accepted after.
    const fresh = open(nodeB, teacher, page.docName);
    await fresh.synced();
    expect(readCell(fresh.doc, key)?.value).toBe("5");
    expect(readCell(fresh.doc, later)?.value).toBe("4");
    expect(onB.notices).toEqual([]);
  }, 60_000);
});
