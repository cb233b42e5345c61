/**
 * Issue 10: a node on PostgreSQL survives its database connection being cut
 * (a database restart or failover ends every session): the next statement
 * connects again, marks keep being accepted and stored, and nothing accepted
 * before the cut is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDataDir, removeDataDir, startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { POSTGRES_AVAILABLE, databaseFor, startPostgres, type PostgresProcess } from "../support/postgres-server.ts";
import { openPostgresDatabase } from "../../server/storage/postgres-database.ts";
import { me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { entry, lessonOn } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, readCell, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";

let ownPostgres: PostgresProcess | null = null;
let base = "";
let server: ServerProcess;
const clients: DocClient[] = [];

beforeAll(async () => {
  if (!POSTGRES_AVAILABLE) return;
  base = process.env.JOURNAL_TEST_PG ?? (ownPostgres = await startPostgres()).base;
  const dir = makeDataDir();
  server = await startServer(dir, { DATABASE_URL: databaseFor(base, dir) });
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
  await ownPostgres?.stop();
});

/** What a database restart does to its clients: every session of the node's database ends. */
function cutConnections(databaseUrl: string): number {
  const admin = openPostgresDatabase(`${base}/postgres`);
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    return admin.prepare("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()").all(name).length;
  } finally {
    admin.close();
  }
}

describe.skipIf(!POSTGRES_AVAILABLE)("a node whose PostgreSQL connection is cut (issue 10)", () => {
  it("reconnects: marks written after the cut are accepted and stored, and those before it are kept", async () => {
    const teacher = await signIn(server.url, "ivanova");
    const profile = await me(server.url, teacher);
    const page = profile.pages.find((p) => p.className === "5А" && p.subjectName === "Математика")!;
    const writer = openDoc(server.url, teacher, page.docName);
    clients.push(writer);
    await writer.synced();
    const [a, b] = readRoster(writer.doc);
    const lesson = lessonOn(writer.doc, TEST_TODAY)!.id;
    writer.doc.transact(() => cellsMap(writer.doc).set(cellKey(a!.id, lesson), entry("5", profile.user.id, server.now())), ORIGIN.local);
    const watcher = openDoc(server.url, await signIn(server.url, "director"), page.docName);
    clients.push(watcher);
    await watcher.synced();
    await until(() => readCell(watcher.doc, cellKey(a!.id, lesson))?.value === "5", "the first mark is stored and seen");

    expect(cutConnections(server.databaseUrl!)).toBeGreaterThan(0);
    writer.doc.transact(() => cellsMap(writer.doc).set(cellKey(b!.id, lesson), entry("4", profile.user.id, server.now())), ORIGIN.local);
    await until(() => readCell(watcher.doc, cellKey(b!.id, lesson))?.value === "4", "the mark written after the cut is stored and seen", 20_000);
    // A sign-in (sessions, users) works on the new connection too.
    const fresh = openDoc(server.url, await signIn(server.url, "ivanova"), page.docName);
    clients.push(fresh);
    await fresh.synced();
    expect(readCell(fresh.doc, cellKey(a!.id, lesson))?.value).toBe("5");
    expect(readCell(fresh.doc, cellKey(b!.id, lesson))?.value).toBe("4");
    expect(writer.notices).toEqual([]);
  });
});
