/**
 * Faults and hostile input through the real WebSocket and HTTP API: the
 * server keeps running, stores nothing forbidden, closes the offending
 * connection with a clear code, and leaves everyone else unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import Database from "better-sqlite3";
import { join } from "node:path";
import { makeDataDir, removeDataDir, startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, rawSync, signIn, until } from "../support/clients.ts";
import { createRandom } from "../support/random.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, decodeCell, readCell, readRoster, studentsMap } from "../../shared/journal-schema.ts";
import { parseCellValue } from "../../shared/cell-value.ts";
import { openSqliteDatabase } from "../../server/storage/sqlite-database.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { recordFaults } from "../support/fault-summary.ts";
import { CLOSE_CODES } from "../../shared/close-codes.ts";
import type { PageSummary } from "../../shared/api.ts";

let server: ServerProcess;
let teacher: string;
let teacherId: string;
let page: PageSummary;
const summary: Record<string, number> = {};

beforeAll(async () => {
  server = await startServer();
  teacher = await signIn(server.url, "ivanova");
  const profile = await me(server.url, teacher);
  teacherId = profile.user.id;
  page = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
});
afterAll(async () => {
  recordFaults("hostile input", summary);
  await stopServer(server);
});

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

describe("hostile protocol input (issue 9)", () => {
  it("10,000 fuzzed messages: bad ones close their connection with a clear code, forbidden ones are refused, the server and a bystander carry on", async () => {
    const rnd = createRandom(90210);
    const bystander = openDoc(server.url, teacher, page.docName);
    await bystander.synced();
    const roster = readRoster(bystander.doc);
    const today = lessonOn(bystander.doc, TEST_TODAY)!;
    const stateUpdate = Y.encodeStateAsUpdate(bystander.doc);

    /** A replica of the page made only to produce valid updates that the rules refuse. */
    const forger = new Y.Doc();
    Y.applyUpdate(forger, stateUpdate);
    const forged = (fn: () => void) => {
      const sv = Y.encodeStateVector(forger);
      forger.transact(fn, ORIGIN.local);
      return Y.encodeStateAsUpdate(forger, sv);
    };

    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const kinds = [
      () => Uint8Array.from({ length: 1 + rnd.int(64) }, () => rnd.int(256)), // random bytes
      () => new Uint8Array([0, 2, 0xff, 0xff, 0xff]), // truncated varint
      () => new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]), // absurd length
      () => new Uint8Array([7 + rnd.int(90)]), // unknown message type
      () => new Uint8Array([1, 0xff, 0xff, 0xff, 0x7f]), // awareness with an absurd length
      () => syncUpdateMessage(forged(() => studentsMap(forger).delete(roster[rnd.int(roster.length)]!.id))), // delete the roster
      () => syncUpdateMessage(forged(() => cellsMap(forger).set(cellKey(roster[rnd.int(roster.length)]!.id, today.id), { value: "9", at: server.now(), by: teacherId, workType: "answer" }))),
      () => syncUpdateMessage(forged(() => cellsMap(forger).set(cellKey(roster[rnd.int(roster.length)]!.id, today.id), { value: "5", at: server.now(), by: "999", workType: "answer" }))), // someone else's name
    ];
    const closes = new Map<number, number>();
    let sent = 0;
    let socket = await rawSync(server.url, teacher, page.docName);
    const TOTAL = Number(process.env.FUZZ_MESSAGES ?? 10_000);
    while (sent < TOTAL) {
      if (socket.ws.readyState !== socket.ws.OPEN) {
        const c = await socket.closed;
        closes.set(c.code, (closes.get(c.code) ?? 0) + 1);
        socket = await rawSync(server.url, teacher, page.docName);
      }
      const kind = rnd.int(kinds.length);
      socket.send(kinds[kind]!());
      sent++;
      // Give the server the chance to answer a malformed message before the next one.
      if (kind < 5) await Promise.race([socket.closed, sleep(20)]);
      else if (sent % 50 === 0) await sleep(0);
    }
    socket.ws.close();
    summary["fuzzed messages"] = sent;
    summary["connections closed by the server"] = [...closes.values()].reduce((a, b) => a + b, 0);
    expect([...closes.keys()].every((code) => code === CLOSE_CODES.malformedMessage || code === CLOSE_CODES.rateLimited)).toBe(true);
    expect(closes.get(CLOSE_CODES.malformedMessage) ?? 0).toBeGreaterThan(TOTAL / 5);

    // Still running, still serving, the bystander still syncing, nothing forbidden stored.
    expect((await me(server.url, teacher)).user.login).toBe("ivanova");
    const key = cellKey(roster[0]!.id, today.id);
    bystander.doc.transact(() => cellsMap(bystander.doc).set(key, entry("4", teacherId, server.now())), ORIGIN.local);
    const check = openDoc(server.url, teacher, page.docName);
    await check.synced();
    await until(() => readCell(check.doc, key)?.value === "4", "bystander's edit arrives");
    expect(readRoster(check.doc).length).toBe(roster.length);
    summary["server crashes"] = 0;
    summary["forbidden values stored"] = 0;
    cellsMap(check.doc).forEach((raw) => {
      const e = decodeCell(raw)!;
      expect(e).not.toBeNull();
      expect(parseCellValue(e.value).ok).toBe(true);
      expect(e.by).toBe(teacherId);
    });
    bystander.destroy();
    check.destroy();
  }, 180_000);

  it("a message over the size limit closes with 4413; a flood closes with 1013 (try again later)", async () => {
    const big = await rawSync(server.url, teacher, page.docName);
    big.send(new Uint8Array(1024 * 1024 + 10));
    expect(await big.closed).toEqual({ code: CLOSE_CODES.messageTooLarge, reason: "message-too-large" });
    const flood = await rawSync(server.url, teacher, page.docName);
    for (let i = 0; i < 5000 && flood.ws.readyState === flood.ws.OPEN; i++) flood.send(new Uint8Array([3]));
    expect(await flood.closed).toEqual({ code: CLOSE_CODES.rateLimited, reason: "rate-limited" });
  });

  it("a malformed presence message closes its socket; closing it afterwards does not take the server down", async () => {
    // Regression: a presence entry with a bad state used to leave a claim behind that crashed the cleanup on close.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1); // awareness message
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 2);
    encoding.writeVarUint(inner, 4242);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, "{}");
    encoding.writeVarUint(inner, 4243);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, "{not json");
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    const bad = await rawSync(server.url, teacher, page.docName);
    bad.send(encoding.toUint8Array(e));
    expect((await bad.closed).code).toBe(CLOSE_CODES.malformedMessage);
    await new Promise((r) => setTimeout(r, 200));
    expect((await me(server.url, teacher)).user.login).toBe("ivanova");
  });

  it("a malformed sync URL or path closes that socket only", async () => {
    const { default: WebSocket } = await import("ws");
    for (const path of ["/sync/%E0%A4%A", "/elsewhere", "/sync/journal/1/../../etc"]) {
      const outcome = await new Promise<string>((ok) => {
        const ws = new WebSocket(`${server.url.replace("http", "ws")}${path}`, { headers: { cookie: teacher } });
        ws.on("close", (code) => ok(`closed ${code}`));
        ws.on("error", () => ok("refused"));
      });
      expect(outcome).not.toBe("open");
    }
    const res = await fetch(`${server.url}/%E0%A4%A`);
    expect(res.status).toBe(200);
    expect((await me(server.url, teacher)).user.login).toBe("ivanova");
  });

  it("a user with no right to a document is refused before any byte of it", async () => {
    const parent = await signIn(server.url, "parent.abramova");
    const raw = await rawSync(server.url, parent, page.docName);
    expect(await raw.closed).toEqual({ code: CLOSE_CODES.forbidden, reason: "forbidden" });
    expect(raw.received.length).toBe(0);
  });
});

describe("web security (issue 9)", () => {
  it("CSRF: a state-changing request from another origin is refused", async () => {
    const res = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ login: "ivanova", password: "demo2026" }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "csrf" });
  });

  it("security headers: CSP without inline scripts, no framing, nosniff", async () => {
    const res = await fetch(`${server.url}/api/me`);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("sign-in lockout after five failures, the same for an unknown login (no enumeration)", async () => {
    for (const login of ["petrov", "nobody.here"]) {
      const attempt = (password: string) =>
        fetch(`${server.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login, password }) });
      for (let i = 0; i < 5; i++) expect((await attempt("wrong")).status).toBe(401);
      const locked = await attempt("demo2026");
      expect(locked.status).toBe(429);
      expect(await locked.json()).toMatchObject({ error: "rate-limited" });
    }
    summary["sign-in attempts refused by lockout"] = 2;
  });

  it("A1: disabling an account closes its open sockets and ends its sessions", async () => {
    const kuznetsova = await signIn(server.url, "kuznetsova");
    const profile = await me(server.url, kuznetsova);
    const c = openDoc(server.url, kuznetsova, profile.pages[0]!.docName);
    await c.synced();
    const admin = await signIn(server.url, "admin");
    expect((await call(server.url, admin, "POST", `/api/users/${profile.user.id}/disable`)).status).toBe(200);
    expect(await c.closed).toEqual({ code: CLOSE_CODES.unauthenticated, reason: "unauthenticated" });
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie: kuznetsova } })).status).toBe(401);
    c.destroy();
  });
});

describe("data at rest (issue 9)", () => {
  it("WAL with synchronous=FULL; a corrupt stored row makes the server refuse to start, naming it", async () => {
    const dir = makeDataDir();
    const s = await startServer(dir);
    const cookie = await signIn(s.url, "ivanova");
    const p = (await me(s.url, cookie)).pages[0]!;
    const c = openDoc(s.url, cookie, p.docName);
    await c.synced();
    c.destroy();
    await s.stop();

    // The server's own connection: WAL, and FULL so a commit is on disk before it is acknowledged.
    const own = openSqliteDatabase(join(dir, "journal.sqlite"));
    expect(own.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(own.pragma("synchronous", { simple: true })).toBe(2);
    own.close();
    const db = new Database(join(dir, "journal.sqlite"));
    // Closing the page compacted it: its snapshot is the row to damage.
    const row = db.prepare("SELECT doc_name, data FROM doc_snapshots WHERE doc_name = ?").get(p.docName) as { doc_name: string; data: Buffer };
    db.prepare("UPDATE doc_snapshots SET data = ? WHERE doc_name = ?").run(row.data.subarray(0, Math.floor(row.data.length / 2)), row.doc_name);
    db.close();
    await expect(startServer(dir)).rejects.toThrow(new RegExp(`The snapshot of ${row.doc_name.replace("/", "\\/")} .* is corrupt`));
    summary["corrupt rows detected at start"] = 1;
    removeDataDir(dir);
  });
});
