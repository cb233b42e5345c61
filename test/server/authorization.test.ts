/**
 * Issue 2 flow 5: the server checks every incoming update before it is
 * stored or broadcast. Tampered clients here are stock y-websocket providers
 * (or raw sockets) that write what the UI would never let them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { me, openDoc, rawSync, signIn, until, type DocClient } from "../support/clients.ts";
import { cellKey, cellsMap, readCell, readRoster, studentsMap } from "../../shared/journal-schema.ts";
import { diaryEntriesMap } from "../../shared/diary-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let math5a: PageSummary;
let teacher: string;
let teacherId: string;
const clients: DocClient[] = [];

beforeAll(async () => {
  server = await startServer();
  teacher = await signIn(server.url, "ivanova");
  const profile = await me(server.url, teacher);
  teacherId = profile.user.id;
  math5a = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
});
afterAll(() => stopServer(server, clients));

function open(cookie: string, docName: string): DocClient {
  const c = openDoc(server.url, cookie, docName);
  clients.push(c);
  return c;
}

/** Today's lesson of the page: it started at 08:30, so it is open (J8). */
const today = (doc: Y.Doc) => lessonOn(doc, TEST_TODAY)!;

/** Every value a cell ever showed on a replica, transaction by transaction. */
function recordCell(doc: Y.Doc, key: string): unknown[] {
  const seen: unknown[] = [];
  cellsMap(doc).observe(() => seen.push(readCell(doc, key)?.value ?? null));
  return seen;
}

describe("who may connect to which document (R1-R9)", () => {
  it("R9: a parent's session opening a journal is refused at connection with a clear reason", async () => {
    const parent = await signIn(server.url, "parent.alekseeva");
    const c = open(parent, math5a.docName);
    expect(await c.closed).toEqual({ code: CLOSE_CODES.forbidden, reason: "forbidden" });
    expect(cellsMap(c.doc).size + studentsMap(c.doc).size).toBe(0);
  });

  it("R5: a teacher of another class is refused the page: not-your-page", async () => {
    const other = await signIn(server.url, "vasilieva");
    const c = open(other, math5a.docName);
    expect(await c.closed).toEqual({ code: CLOSE_CODES.forbidden, reason: "not-your-page" });
  });

  it("A1: no session, no document", async () => {
    const c = open("session=forged", math5a.docName);
    expect(await c.closed).toEqual({ code: CLOSE_CODES.unauthenticated, reason: "unauthenticated" });
  });

  it("R9: a parent cannot open another family's diary by guessing its id", async () => {
    const parent = await signIn(server.url, "parent.abramova");
    const own = (await me(server.url, parent)).diaries.map((d) => d.studentId);
    for (const id of ["1", "2", "23", "999"]) {
      if (own.includes(id)) continue;
      const c = open(parent, `diary/${id}`);
      const closed = await c.closed;
      expect(closed.code).toBe(CLOSE_CODES.forbidden);
      expect(diaryEntriesMap(c.doc).size).toBe(0);
    }
  });
});

describe("refused edits are compensated for everyone (J3, issue 2 flow 5)", () => {
  it("J3: an invalid value like 7 is undone; no peer and no diary ever shows it; the author is told why", async () => {
    const author = open(teacher, math5a.docName);
    const colleague = open(await signIn(server.url, "director"), math5a.docName);
    await Promise.all([author.synced(), colleague.synced()]);
    const student = readRoster(author.doc)[2]!;
    const lesson = today(author.doc);
    const key = cellKey(student.id, lesson.id);
    const diaryReader = open(teacher, `diary/${student.id}`); // the class teacher reads the class's diaries
    await diaryReader.synced();
    const seenByColleague = recordCell(colleague.doc, key);
    const seenInDiary: unknown[] = [];
    diaryEntriesMap(diaryReader.doc).observe(() => seenInDiary.push(...[...diaryEntriesMap(diaryReader.doc).values()].map((e) => e.value)));

    author.doc.transact(() => cellsMap(author.doc).set(key, entry("4", teacherId, server.now())), ORIGIN.local);
    await until(() => readCell(colleague.doc, key)?.value === "4", "colleague sees 4");
    await until(() => seenInDiary.includes("4"), "diary shows 4");

    author.doc.transact(() => cellsMap(author.doc).set(key, entry("7", teacherId, server.now())), ORIGIN.local);
    await until(() => author.notices.length > 0, "author is told");
    await until(() => readCell(author.doc, key)?.value === "4", "author's cell is back to 4");
    expect(author.notices[0]).toMatchObject({ type: "rejected", doc: math5a.docName, changes: [{ target: key, code: "invalid-value", attempted: "7" }] });

    // A later accepted edit proves the refused one reached everybody before it.
    author.doc.transact(() => cellsMap(author.doc).set(key, entry("5", teacherId, server.now())), ORIGIN.local);
    await until(() => readCell(colleague.doc, key)?.value === "5" && seenInDiary.includes("5"), "colleague and diary see 5");
    expect(seenByColleague).not.toContain("7");
    expect(seenInDiary).not.toContain("7");
  });

  it("R2: a reader (the director) writing a mark is refused: not-your-page", async () => {
    const directorCookie = await signIn(server.url, "director");
    const director = open(directorCookie, math5a.docName);
    const watcher = open(teacher, math5a.docName);
    await Promise.all([director.synced(), watcher.synced()]);
    const directorId = (await me(server.url, directorCookie)).user.id;
    const key = cellKey(readRoster(director.doc)[0]!.id, today(director.doc).id);
    const seen = recordCell(watcher.doc, key);
    director.doc.transact(() => cellsMap(director.doc).set(key, entry("2", directorId, server.now())), ORIGIN.local);
    await until(() => director.notices.length > 0, "director told");
    expect(director.notices[0]!.changes[0]).toMatchObject({ target: key, code: "not-your-page" });
    await until(() => !cellsMap(director.doc).has(key), "director's replica compensated");
    expect(seen).not.toContain("2");
    expect(cellsMap(watcher.doc).has(key)).toBe(false);
  });

  it("J1: a teacher cannot rewrite the roster of its own page", async () => {
    const c = open(teacher, math5a.docName);
    await c.synced();
    const [first] = readRoster(c.doc);
    c.doc.transact(() => studentsMap(c.doc).delete(first!.id), ORIGIN.local);
    await until(() => c.notices.length > 0, "told");
    expect(c.notices[0]!.changes[0]!.code).toBe("schema-violation");
    await until(() => studentsMap(c.doc).has(first!.id), "roster restored");
  });

  it("an update with missing dependencies is not applied; the server asks for the full diff and then accepts it", async () => {
    const probe = open(teacher, math5a.docName);
    await probe.synced();
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(probe.doc));
    const key1 = cellKey(readRoster(local)[4]!.id, today(local).id);
    const key2 = cellKey(readRoster(local)[5]!.id, today(local).id);
    const sv0 = Y.encodeStateVector(local);
    local.transact(() => cellsMap(local).set(key1, entry("3", teacherId, server.now())), ORIGIN.local);
    const sv1 = Y.encodeStateVector(local);
    local.transact(() => cellsMap(local).set(key2, entry("5", teacherId, server.now())), ORIGIN.local);
    const u1 = Y.encodeStateAsUpdate(local, sv0);
    const u2 = Y.encodeStateAsUpdate(local, sv1);

    const raw = await rawSync(server.url, teacher, math5a.docName);
    const send = (u: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, u);
      raw.send(encoding.toUint8Array(e));
    };
    const before = raw.received.length;
    send(u2); // its dependency u1 has not been sent
    await until(() => raw.received.length > before, "server answers");
    await new Promise((r) => setTimeout(r, 200));
    expect(cellsMap(probe.doc).has(key2)).toBe(false);
    const resync = raw.received.slice(before).find((m) => m[0] === 0 && m[1] === 0);
    expect(resync, "server sent sync step 1").toBeDefined();
    send(u1);
    send(u2);
    await until(() => readCell(probe.doc, key1)?.value === "3" && readCell(probe.doc, key2)?.value === "5", "both integrate in order");
    raw.ws.close();
  });

  it("garbage on the socket closes that connection with a clear code and leaves others working", async () => {
    const raw = await rawSync(server.url, teacher, math5a.docName);
    raw.send(new Uint8Array([0, 2, 200, 200, 200, 200, 200, 1, 2]));
    expect((await raw.closed).code).toBe(CLOSE_CODES.malformedMessage);
    const c = open(teacher, math5a.docName);
    await c.synced();
    expect(readRoster(c.doc).length).toBeGreaterThan(0);
  });
});

describe("presence is stamped by the server (A3)", () => {
  it("a client cannot claim another name, nor move another person's cursor", async () => {
    const petrovCookie = await signIn(server.url, "ivanova");
    const a = open(petrovCookie, math5a.docName);
    const b = open(await signIn(server.url, "director"), math5a.docName);
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalStateField("user", { id: "1", name: "Администратор" });
    a.provider.awareness.setLocalStateField("cell", "x");
    await until(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { cell?: string } | undefined)?.cell === "x", "b sees a's cursor");
    expect((b.provider.awareness.getStates().get(a.doc.clientID) as { user: { id: string; name: string } }).user).toEqual({ id: teacherId, name: "Иванова М.П." });

    // a forges an update for b's awareness client.
    b.provider.awareness.setLocalStateField("cell", "mine");
    await until(() => (a.provider.awareness.getStates().get(b.doc.clientID) as { cell?: string } | undefined)?.cell === "mine", "a sees b's cursor");
    const forged = new (await import("y-protocols/awareness")).Awareness(new Y.Doc());
    forged.clientID = b.doc.clientID;
    forged.setLocalState({ cell: "moved", user: { id: "x", name: "x" } });
    // a higher clock than b's, so an unguarded server would take it
    (forged.meta.get(b.doc.clientID) as { clock: number }).clock = 1000;
    const { encodeAwarenessUpdate } = await import("y-protocols/awareness");
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, encodeAwarenessUpdate(forged, [b.doc.clientID]));
    const raw = await rawSync(server.url, petrovCookie, math5a.docName);
    raw.send(encoding.toUint8Array(e));
    await new Promise((r) => setTimeout(r, 300));
    expect((a.provider.awareness.getStates().get(b.doc.clientID) as { cell?: string }).cell).toBe("mine");
    raw.ws.close();
  });
});
