/**
 * Property test through real server connections (fast-check, seeded): random
 * sequences of edits by random users, some forbidden, some made offline and
 * arriving late, some concurrent on one cell, some sent out of order so the
 * server sees missing dependencies. Afterwards all replicas and the stored
 * state are identical, every stored value is one the rules allow, no replica
 * but its author's and no diary ever showed a refused value, and the audit log
 * has one row per attempt. Replay with CONVERGENCE_SEED=<seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import { openStore } from "../support/store.ts";
import { join } from "node:path";
import WebSocket from "ws";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { me, openDoc, setRules, signIn, until, type DocClient } from "../support/clients.ts";
import { entry, pastLessons } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, decodeCell, encodeCell, isCellEntry, readCell, readMeta, readRoster } from "../../shared/journal-schema.ts";
import { diaryEntriesMap } from "../../shared/diary-schema.ts";
import { parseCellValue } from "../../shared/cell-value.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { PageSummary } from "../../shared/api.ts";

const SEED = Number(process.env.CONVERGENCE_SEED ?? 20261123);
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 4);

let server: ServerProcess;
let petrov: string;
let petrovId: string;
let pages: PageSummary[];
beforeAll(async () => {
  server = await startServer();
  await setRules(server.url, { editWindowDays: 14 });
  petrov = await signIn(server.url, "petrov");
  const profile = await me(server.url, petrov);
  petrovId = profile.user.id;
  pages = profile.pages.filter((p) => p.teacherName.startsWith("Петров"));
});
afterAll(() => stopServer(server));

/** A provider whose socket delivers each outgoing update after the next one: the server sees gaps. */
function openOutOfOrder(cookie: string, docName: string): DocClient {
  class SwappingSocket extends WebSocket {
    private held: unknown = null;
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
    override send(data: unknown): void {
      const bytes = data as Uint8Array;
      const isUpdate = bytes[0] === 0 && bytes[1] === 2;
      if (isUpdate && this.held === null) {
        this.held = data;
        setTimeout(() => this.flush(), 50);
        return;
      }
      super.send(data as Buffer);
      this.flush();
    }
    override close(code?: number, reason?: string | Buffer): void {
      // A closing socket still delivers what was sent before: so does this one.
      this.flush();
      super.close(code, reason);
    }
    private flush(): void {
      if (this.held !== null && this.readyState === this.OPEN) {
        const h = this.held;
        this.held = null;
        super.send(h as Buffer);
      }
    }
  }
  return openDoc(server.url, cookie, docName, new Y.Doc(), SwappingSocket as unknown as typeof WebSocket);
}

interface Participant {
  name: string;
  userId: string;
  client: DocClient;
  online: boolean;
  seen: Array<{ at: number }>;
  ownAts: Set<number>;
}

const VALUES = ["2", "3", "4", "5", "Н", "Б", "У", "5/4", "7", "0", "Ж", "н", "55"];

const command = fc.record({
  who: fc.nat(4),
  kind: fc.constantFrom("set", "set", "set", "clear", "toggle-network", "late-set"),
  student: fc.nat(4),
  lesson: fc.nat(3),
  value: fc.constantFrom(...VALUES),
  hoursBack: fc.integer({ min: 1, max: 100 }),
  pause: fc.nat(12),
});

describe(`property: convergence and rules under concurrency (seed ${SEED}, ${RUNS} runs)`, () => {
  it("J3-J11, R2, R4, R5, D2: replicas, store, diaries and audit agree; nothing refused leaks", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 40, maxLength: 90 }), async (commands) => {
        const page = pages[run++ % pages.length]!;
        const classTeacherLogin = page.className === "5А" ? "ivanova" : "smirnova";
        const cookies = { petrov, classTeacher: await signIn(server.url, classTeacherLogin), director: await signIn(server.url, "director") };
        const ids = {
          classTeacher: (await me(server.url, cookies.classTeacher)).user.id,
          director: (await me(server.url, cookies.director)).user.id,
        };
        const make = (name: string, userId: string, client: DocClient): Participant => ({
          name, userId, client, online: true, seen: [], ownAts: new Set(),
        });
        const people = [
          make("petrov tab 1", petrovId, openDoc(server.url, petrov, page.docName)),
          make("petrov tab 2", petrovId, openDoc(server.url, petrov, page.docName)),
          make("petrov, out of order", petrovId, openOutOfOrder(petrov, page.docName)),
          make("class teacher", ids.classTeacher, openDoc(server.url, cookies.classTeacher, page.docName)),
          make("director", ids.director, openDoc(server.url, cookies.director, page.docName)),
        ];
        await Promise.all(people.map((p) => p.client.synced()));
        for (const p of people) {
          cellsMap(p.client.doc).observe((e) => {
            for (const key of e.keysChanged) {
              const v = readCell(p.client.doc, key);
              if (isCellEntry(v)) p.seen.push(v);
            }
          });
        }
        const roster = readRoster(people[0]!.client.doc).slice(0, 5);
        const lessons = pastLessons(people[0]!.client.doc, TEST_TODAY, 4);
        let setAttempts = 0;
        let clearAttempts = 0;
        const usedAts = new Set<number>();

        for (const c of commands) {
          const p = people[c.who]!;
          const doc = p.client.doc;
          const key = cellKey(roster[c.student]!.id, lessons[c.lesson]!.id);
          if (c.kind === "toggle-network") {
            if (p.online) p.client.provider.disconnect();
            else p.client.provider.connect();
            p.online = !p.online;
            continue;
          }
          if (c.kind === "clear" && !cellsMap(doc).has(key)) continue;
          const back = c.kind === "late-set" ? c.hoursBack * 3_600_000 : 0;
          let at = server.now() - back;
          while (usedAts.has(at)) at--;
          usedAts.add(at);
          if (c.kind !== "clear") p.ownAts.add(at);
          doc.transact(() => {
            if (c.kind === "clear") cellsMap(doc).delete(key);
            // Every other write is by an older client that stores the object form: both must converge alike.
            else cellsMap(doc).set(key, at % 2 === 0 ? encodeCell(entry(c.value, p.userId, at)) : entry(c.value, p.userId, at));
          }, ORIGIN.local);
          if (c.kind === "clear") clearAttempts++;
          else setAttempts++;
          if (c.pause > 8) await new Promise((r) => setTimeout(r, c.pause));
        }
        // A last reconnect of everybody: the sync handshake carries whatever the server still lacks
        // (the out-of-order socket may have been holding an update when it closed).
        await new Promise((r) => setTimeout(r, 100));
        for (const p of people) {
          p.client.provider.disconnect();
          p.client.provider.connect();
        }
        await Promise.all(people.map((p) => p.client.synced()));
        const cellsOf = (d: Y.Doc) => JSON.stringify(Object.entries(cellsMap(d).toJSON()).sort(([a], [b]) => (a < b ? -1 : 1)));
        // Identical state vectors: every replica holds every item, so the server (which relayed them) does too.
        const svOf = (d: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(d))].sort((a, b) => a[0] - b[0]));
        const same = (f: (d: Y.Doc) => string) => people.every((p) => f(p.client.doc) === f(people[0]!.client.doc));
        await until(() => same(svOf) && same(cellsOf), "replicas hold the same items and show the same cells", 30_000);

        const db = openStore(server, { readonly: true });
        const rows = db.prepare("SELECT author_time, decision, target FROM audit_log WHERE doc_name = ?").all(page.docName) as Array<{ author_time: number | null; decision: string; target: string }>;
        db.close();
        // Every written value reaches the server as an item: visible (accepted or rejected) or
        // superseded (overwritten on its author's device or by a concurrent write; its value may be gone).
        const setRows = rows.filter((r) => r.author_time !== null || r.decision === "superseded");
        const refusedAts = new Set(rows.filter((r) => r.decision === "rejected" && r.author_time !== null).map((r) => r.author_time!));

        for (const p of people) p.client.destroy();
        const fresh = openDoc(server.url, petrov, page.docName);
        await fresh.synced();
        expect(cellsOf(fresh.doc)).toBe(cellsOf(people[0]!.client.doc));
        const grammar = readMeta(fresh.doc)!.grammar;
        cellsMap(fresh.doc).forEach((raw) => {
          const e = decodeCell(raw)!;
          expect(e).not.toBeNull();
          expect(parseCellValue(e.value, grammar)).toMatchObject({ ok: true, value: e.value });
          expect(refusedAts.has(e.at), `stored a refused entry ${JSON.stringify(e)}`).toBe(false);
        });
        for (const p of people) {
          const leaked = p.seen.filter((e) => refusedAts.has(e.at) && !p.ownAts.has(e.at));
          expect(leaked, `${p.name} saw refused entries of others`).toEqual([]);
        }
        // J11: exactly one row per attempted write; a clear of a value that was already gone changes nothing.
        expect(setRows.length, "one audit row per attempted write").toBe(setAttempts);
        const clocks = setRows.flatMap((r) => (r.author_time === null ? [] : [r.author_time]));
        expect(new Set(clocks).size, "no attempt audited twice").toBe(clocks.length);
        expect(rows.length - setRows.length).toBeLessThanOrEqual(clearAttempts);
        expect(rows.some((r) => r.decision === "rejected") && rows.some((r) => r.decision === "accepted")).toBe(true);

        const diaryReader = cookies.classTeacher;
        for (const s of roster) {
          const diary = openDoc(server.url, diaryReader, `diary/${s.id}`);
          await diary.synced();
          for (const l of lessons) {
            const cell = readCell(fresh.doc, cellKey(s.id, l.id));
            expect(diaryEntriesMap(diary.doc).get(`${page.pageId}:${l.id}`)?.value ?? null).toBe(cell?.value ?? null);
          }
          diary.destroy();
        }
        fresh.destroy();
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
