/**
 * Crash: 20 writers send 10,000 edits while the server is killed with SIGKILL
 * twice at random moments and restarted. Every edit the server passed on is
 * in the store afterwards, every writer's unacknowledged edits sync after
 * reconnecting, and in the end the store and every replica are identical.
 * Each cell belongs to one writer, so its last write is its final value.
 */
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openStore } from "../support/store.ts";
import { join } from "node:path";
import { makeDataDir, removeDataDir, startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { me, openDoc, setRules, signIn, until, type DocClient } from "../support/clients.ts";
import { createRandom } from "../support/random.ts";
import { entry, pastLessons } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, encodeCell, readCell, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import { recordFaults } from "../support/fault-summary.ts";

const EDITS = Number(process.env.CRASH_EDITS ?? 10_000);
const WRITERS = 20;
const dataDir = makeDataDir();
let server: ServerProcess | null = null;
afterAll(async () => {
  await server?.stop();
  removeDataDir(dataDir);
});

interface Writer {
  client: DocClient;
  userId: string;
  docName: string;
  cells: string[];
  last: Map<string, string>;
}

describe("crash recovery (issue 9)", () => {
  it(`${EDITS} edits by ${WRITERS} writers, two SIGKILLs: nothing accepted is lost, every replica converges`, async () => {
    const rnd = createRandom(777);
    server = await startServer(dataDir);
    const port = server.port;
    await setRules(server.url, { editWindowDays: 30 });
    // Teachers and their pages: each writer is one connection of a teacher on one of its own pages.
    const logins = ["ivanova", "petrov", "smirnova", "kuznetsova"];
    const teachers = await Promise.all(logins.map(async (login) => {
      const cookie = await signIn(server!.url, login);
      const profile = await me(server!.url, cookie);
      return { cookie, userId: profile.user.id, pages: profile.pages.filter((p) => p.access === "write" && profile.user.fullName.startsWith(p.teacherName.split(" ")[0]!)) };
    }));
    const slots = teachers.flatMap((t) => t.pages.map((p) => ({ t, p })));
    const writers: Writer[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const { t, p } = slots[i % slots.length]!;
      writers.push({ client: openDoc(server.url, t.cookie, p.docName), userId: t.userId, docName: p.docName, cells: [], last: new Map() });
    }
    await Promise.all(writers.map((w) => w.client.synced()));
    // Writers on the same page split its cells between them.
    const byPage = new Map<string, Writer[]>();
    for (const w of writers) byPage.set(w.docName, [...(byPage.get(w.docName) ?? []), w]);
    for (const [, group] of byPage) {
      const doc = group[0]!.client.doc;
      // Lessons of the last four weeks: inside the school's 30-day window.
      const open = pastLessons(doc, TEST_TODAY, 30).filter((l) => l.date >= "2026-10-21").slice(-12);
      const keys = readRoster(doc).flatMap((s) => open.map((l) => cellKey(s.id, l.id)));
      keys.forEach((k, i) => group[i % group.length]!.cells.push(k));
    }

    const killAt = [Math.floor(EDITS * (0.2 + rnd.next() * 0.25)), Math.floor(EDITS * (0.55 + rnd.next() * 0.3))];
    const marks = ["2", "3", "4", "5"];
    let sent = 0;
    let clockShift = 0;
    for (let i = 0; i < EDITS; i++) {
      if (killAt.includes(i)) {
        const now = server.now();
        await server.kill();
        // The writers keep typing while the server is down: their edits wait on their devices.
        for (let j = 0; j < 50; j++, i++, sent++) write(writers[rnd.int(WRITERS)]!);
        server = await startServer(dataDir, { PORT: String(port), JOURNAL_NOW: new Date(now).toISOString() });
        clockShift++;
      }
      write(writers[i % WRITERS]!);
      sent++;
      // About 500 edits a second: the kills land while the server is busy storing and broadcasting.
      if (i % 25 === 0) await new Promise((r) => setTimeout(r, 50));
    }
    function write(w: Writer): void {
      const key = w.cells[rnd.int(w.cells.length)]!;
      const value = marks[rnd.int(marks.length)]!;
      w.client.doc.transact(() => cellsMap(w.client.doc).set(key, encodeCell(entry(value, w.userId, server!.now()))), ORIGIN.local);
      w.last.set(key, value);
    }

    // Everybody ends up with the same items, and each cell shows its writer's last value.
    const svOf = (d: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(d))].sort((a, b) => a[0] - b[0]));
    for (const [, group] of byPage) {
      try {
        await until(() => group.every((w) => svOf(w.client.doc) === svOf(group[0]!.client.doc) && [...w.last].every(([k, v]) => readCell(group[0]!.client.doc, k)?.value === v)), "writers of a page converge", 60_000);
      } catch (err) {
        for (const w of group) {
          const wrong = [...w.last].filter(([k, v]) => readCell(group[0]!.client.doc, k)?.value !== v);
          console.log(w.docName, "connected", w.client.provider.wsconnected, "synced", w.client.provider.synced, "sv", svOf(w.client.doc).slice(0, 200), "wrong", wrong.length, JSON.stringify(wrong.slice(0, 3)), JSON.stringify(wrong.slice(0, 3).map(([k]) => readCell(w.client.doc, k))), "notices", w.client.notices.length, JSON.stringify(w.client.notices.slice(0, 2)));
        }
        console.log(server!.output().slice(-2000));
        throw err;
      }
    }
    for (const w of writers) w.client.destroy();

    // The store, after one more hard kill: read back by fresh clients.
    await server.kill();
    server = await startServer(dataDir, { PORT: String(port) });
    let lost = 0;
    for (const [docName, group] of byPage) {
      const fresh = openDoc(server.url, await signIn(server.url, logins.find((l) => group[0]!.userId === teachers[logins.indexOf(l)]!.userId)!), docName);
      await fresh.synced();
      for (const w of group) for (const [k, v] of w.last) if (readCell(fresh.doc, k)?.value !== v) lost++;
      fresh.destroy();
    }
    const db = openStore(server!, { readonly: true });
    const rows = db.prepare("SELECT decision, COUNT(*) AS n FROM audit_log WHERE author_time IS NOT NULL OR decision = 'superseded' GROUP BY decision").all() as Array<{ decision: string; n: number }>;
    db.close();
    const count = (d: string) => rows.find((r) => r.decision === d)?.n ?? 0;
    recordFaults("crash: SIGKILL during 10,000 edits", { "edits sent": sent, "accepted": count("accepted"), "superseded on the device": count("superseded"), "edits lost": lost, "server kills": clockShift + 1 });
    console.log(`crash test: edits sent ${sent}, accepted ${count("accepted")}, superseded on the device ${count("superseded")}, rejected ${count("rejected")}, final cells lost ${lost}, server kills ${clockShift + 1}`);
    expect(lost).toBe(0);
    expect(count("rejected")).toBe(0);
    expect(count("accepted") + count("superseded")).toBe(sent);
  }, 300_000);
});
