/**
 * B4: a year-sized page (35 students x 170 lessons, 60 % of the cells filled,
 * 10 % of those rewritten): its encoded size; the server's load time (the
 * registry's way: the store's rows, merged, applied to a new Y.Doc, measured
 * in-process on a real SQLite file); and the client's cold open from
 * IndexedDB in Chromium (y-indexeddb, a fresh page load each time), first
 * and after the page was opened 200 times.
 */
import * as Y from "yjs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { build } from "vite";
import { makeDataDir, removeDataDir } from "../test/support/server-process.ts";
import { launchBrowser } from "../test/support/browser.ts";
import { openSqliteDatabase } from "../server/storage/sqlite-database.ts";
import { SqliteDocumentStore } from "../server/storage/sqlite-document-store.ts";
import { syncJournalStructure } from "../server/documents/journal-structure.ts";
import { cellKey, cellsMap, encodeCell, type CellEntry } from "../shared/journal-schema.ts";
import { DEFAULT_RULES } from "../shared/school-rules.ts";
import { ORIGIN } from "../shared/origins.ts";
import { createRandom } from "../test/support/random.ts";
import { fmt, summary } from "./stats.ts";
import { COMPACT_AT_ROWS } from "../client/sync/local-store.ts";
import type { BenchResult, Row } from "./run.ts";

const TEACHER = "1742";

/** The page as a year of teaching leaves it, every edit a separate update as the server stores them. */
function yearPage(): { doc: Y.Doc; updates: Uint8Array[]; cells: number; rewrites: number; structure: number } {
  const rnd = createRandom(2026);
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  const students = Array.from({ length: 35 }, (_, i) => ({ id: String(20_431 + i), entry: { surname: `Фамилия${i}`, name: "Имя", patronymic: "Отчество", leftOn: null } }));
  const first = Date.UTC(2026, 8, 1);
  const lessons = Array.from({ length: 170 }, (_, i) => ({
    id: String(480_113 + i), date: new Date(first + Math.floor(i * 1.55) * 86_400_000).toISOString().slice(0, 10), slot: 1 + (i % 6), substituteId: null, substituteName: null,
  }));
  syncJournalStructure(doc, {
    meta: {
      pageId: "3107", classId: "212", className: "9А", subjectName: "Алгебра", teacherId: TEACHER, teacherName: "Иванова М. П.", academicYear: "2026/2027",
      periods: [{ id: "9", name: "I четверть", start: "2026-09-01", end: "2026-10-24" }, { id: "10", name: "II четверть", start: "2026-11-03", end: "2026-12-28" }, { id: "11", name: "III четверть", start: "2027-01-12", end: "2027-03-21" }, { id: "12", name: "IV четверть", start: "2027-03-30", end: "2027-05-26" }],
      grammar: { marksAllowed: true, allowOne: false, doubleMarks: false }, rules: DEFAULT_RULES,
    },
    students, lessons, permits: [],
  });
  const structure = Y.encodeStateAsUpdate(doc).length;
  const entry = (lessonDate: string): CellEntry => {
    const at = Date.parse(`${lessonDate}T09:00:00+03:00`) + rnd.int(8 * 3_600_000);
    return rnd.chance(0.15) ? { value: rnd.pick(["Н", "Б", "У"]), at, by: TEACHER } : { value: rnd.pick(["2", "3", "4", "5"]), at, by: TEACHER, workType: rnd.pick(["answer", "answer", "homework", "independent", "test"]) };
  };
  const filled: Array<{ key: string; date: string }> = [];
  // Lesson by lesson, one edit per cell, as the teacher fills them.
  for (const l of lessons) for (const s of students) if (rnd.chance(0.6)) filled.push({ key: cellKey(s.id, l.id), date: l.date });
  for (const c of filled) doc.transact(() => cellsMap(doc).set(c.key, encodeCell(entry(c.date))), ORIGIN.local);
  let rewrites = 0;
  for (const c of filled) {
    if (!rnd.chance(0.1)) continue;
    rewrites++;
    doc.transact(() => cellsMap(doc).set(c.key, encodeCell(entry(c.date))), ORIGIN.local);
  }
  return { doc, updates, cells: filled.length, rewrites, structure };
}

function timingRow(measure: string, values: number[], limit: number | null): Row {
  const s = summary(values);
  return {
    measure, n: s.n, median: fmt(s.median, 2), p95: fmt(s.p95, 2), p99: fmt(s.p99, 2), unit: "ms",
    target: limit === null ? "" : `median < ${limit} ms`, verdict: limit === null ? "info" : s.median < limit ? "pass" : "miss",
  };
}

async function idbBundle(): Promise<string> {
  const out = await build({
    configFile: false, logLevel: "silent", root: resolve(import.meta.dirname, ".."),
    build: { write: false, minify: true, lib: { entry: resolve(import.meta.dirname, "idb-entry.ts"), formats: ["iife"], name: "benchIdbBundle" } },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: Array<{ code?: string }> };
  return first.output[0]!.code!;
}

export async function benchYearPage(quick: boolean): Promise<BenchResult> {
  const { doc, updates, cells, rewrites, structure } = yearPage();
  const encoded = Y.encodeStateAsUpdate(doc);
  const encodedV2 = Y.encodeStateAsUpdateV2(doc);

  const name = "journal/3107";

  // Server: the store as the registry leaves it: one compacted snapshot, and the worst case between compactions (snapshot + 299 updates).
  const dir = makeDataDir();
  const loads: { compacted: number[]; pending: number[] } = { compacted: [], pending: [] };
  try {
    const db = openSqliteDatabase(join(dir, "journal.sqlite"));
    const store = new SqliteDocumentStore(db);
    const head = updates.length - 299;
    const seq = store.atomically(() => store.append(name, encoded));
    const load = () => {
      const t = performance.now();
      const stored = store.load(name);
      const d = new Y.Doc();
      Y.applyUpdate(d, Y.mergeUpdates(stored.updates), ORIGIN.persistence);
      const ms = performance.now() - t;
      d.destroy();
      return ms;
    };
    // Compacted: the full state as one snapshot.
    store.compact(name, encoded, seq);
    for (let i = 0; i < 5; i++) load();
    for (let i = 0; i < 50; i++) loads.compacted.push(load());
    // The snapshot of all but the last 299 edits, then those 299 as rows.
    const partial = new Y.Doc();
    updates.slice(0, head).forEach((u) => Y.applyUpdate(partial, u));
    store.compact(name, Y.encodeStateAsUpdate(partial), seq);
    store.atomically(() => updates.slice(head).forEach((u) => store.append(name, u)));
    for (let i = 0; i < 5; i++) load();
    for (let i = 0; i < 50; i++) loads.pending.push(load());
    db.close();
  } finally {
    removeDataDir(dir);
  }

  // Client: y-indexeddb in Chromium on a real http origin, a fresh page load for every open.
  const code = await idbBundle();
  const http = createServer((req, res) => {
    if (req.url === "/idb.js") res.writeHead(200, { "content-type": "text/javascript", "cache-control": "max-age=3600" }).end(code);
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end('<!doctype html><meta charset="utf-8"><title>bench</title><script src="/idb.js"></script>');
  });
  await new Promise<void>((ok) => http.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  const visits = quick ? 50 : 210;
  const sample = 10;
  // What each visit receives from the server: three marks typed since, as separate updates.
  const writer = new Y.Doc();
  Y.applyUpdate(writer, encoded);
  const rnd = createRandom(5);
  const keys = [...cellsMap(writer).keys()];
  const sessionUpdates = Array.from({ length: visits }, () =>
    Array.from({ length: 3 }, () => {
      const sv = Y.encodeStateVector(writer);
      writer.transact(() => cellsMap(writer).set(rnd.pick(keys), encodeCell({ value: rnd.pick(["3", "4", "5"]), at: Date.now(), by: TEACHER, workType: "answer" })), ORIGIN.local);
      return [...Y.encodeStateAsUpdate(writer, sv)];
    }),
  );
  const browser = await launchBrowser();
  const times: number[] = [];
  const rows: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(origin);
    // The first visit: IndexedDB is empty, the server sends the whole page, y-indexeddb stores it.
    await page.evaluate(async ([n, full]) => (window as any).benchIdb.visit(n, [full]), [`zhurnal:${name}`, [...encoded]] as const);
    for (let i = 0; i < visits; i++) {
      await page.reload();
      const s = (await page.evaluate(async ([n, u]) => (window as any).benchIdb.visit(n, u), [`zhurnal:${name}`, sessionUpdates[i]!] as const)) as { openMs: number; rows: number };
      times.push(s.openMs);
      rows.push(s.rows);
    }
  } finally {
    await browser.close();
    http.close();
  }
  const fresh = times.slice(0, sample);
  const worn = times.slice(-sample);
  const kb = (n: number) => fmt(n / 1000, 1);
  return {
    id: "B4",
    title: "a year-sized page: 35 students × 170 lessons, 60 % filled, 10 % rewritten",
    rows: [
      { measure: `encoded size (Y.encodeStateAsUpdate, ${cells} cells, ${rewrites} rewritten; ${encoded.length} bytes)`, median: kb(encoded.length), unit: "KB", target: "< 200 KB", verdict: encoded.length < 200_000 ? "pass" : "miss" },
      { measure: `… of which the page without any cell (meta with the rules, roster, 170 lessons: ${structure} bytes)`, median: kb(structure), unit: "KB", target: "", verdict: "info" },
      { measure: `the same in Yjs's update format v2 (${encodedV2.length} bytes), for comparison`, median: kb(encodedV2.length), unit: "KB", target: "", verdict: "info" },
      timingRow("server load, compacted (one snapshot): store.load + mergeUpdates + applyUpdate", loads.compacted, 20),
      timingRow("server load, worst case between compactions (snapshot + 299 update rows)", loads.pending, null),
      timingRow(`Chromium cold open from IndexedDB, visits 1-${sample} (page reloaded each time)`, fresh, 300),
      timingRow(`… visits ${visits - sample + 1}-${visits} (after the page was opened ${visits - sample} times; ${rows[rows.length - 1]} rows in IndexedDB)`, worn, 300),
    ],
    notes: [
      "Cells are stored as the app writes them, `[value, at, by, workType?]` (docs/protocol.md; the object form cost 272 KB); every edit was a separate update, as typed. Load times: 5 warm-up loads, then 50 measured.",
      `Each visit receives 3 new marks (3 rows in IndexedDB) and y-indexeddb adds one row per open; the app rewrites the store as one record when it holds ${COMPACT_AT_ROWS} or more at an open (client/sync/local-store.ts; y-indexeddb alone would wait for 500). Max rows seen at open: ${Math.max(...rows)}.`,
      "Size target read as 200,000 bytes.",
    ],
  };
}
