/**
 * Ar3: an online backup taken while teachers write, restored with
 * `npm run restore`; clients that synced after the backup bring back what the
 * restored store lacks, so no accepted edit is lost. A damaged backup is refused.
 */
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { makeDataDir, removeDataDir, startServer, TEST_TODAY, type ServerProcess } from "../support/server-process.ts";
import { call, me, openDoc, setRules, signIn, until, type DocClient } from "../support/clients.ts";
import { createRandom } from "../support/random.ts";
import { entry, pastLessons } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, readCell, readRoster } from "../../shared/journal-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { BackupInfo } from "../../server/backup/backup-files.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const dataDir = makeDataDir();
let server: ServerProcess | null = null;
afterAll(async () => {
  await server?.stop();
  removeDataDir(dataDir);
});

function restore(file: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/restore.ts", file], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("backups and restore (Ar3)", () => {
  it("Ar3: a backup under write load, restored: clients resync, nothing accepted is lost; a damaged backup is refused", async () => {
    const rnd = createRandom(2024);
    server = await startServer(dataDir);
    const port = server.port;
    await setRules(server.url, { editWindowDays: 30 });
    const cookie = await signIn(server.url, "petrov");
    const profile = await me(server.url, cookie);
    const page = profile.pages.find((p) => p.className === "6Б" && p.subjectName === "Литература")!;
    const writers: DocClient[] = [0, 1, 2].map(() => openDoc(server!.url, cookie, page.docName));
    await Promise.all(writers.map((w) => w.synced()));
    const doc0 = writers[0]!.doc;
    const keys = readRoster(doc0).flatMap((s) => pastLessons(doc0, TEST_TODAY, 5).map((l) => cellKey(s.id, l.id)));
    const last = new Map<string, string>();
    let at = 0;
    const write = (n: number) => {
      for (let i = 0; i < n; i++) {
        const key = keys[rnd.int(keys.length)]!;
        const w = writers[keys.indexOf(key) % writers.length]!;
        const value = rnd.pick(["2", "3", "4", "5"]);
        at = Math.max(at + 1, server!.now());
        w.doc.transact(() => cellsMap(w.doc).set(key, entry(value, profile.user.id, at)), ORIGIN.local);
        last.set(key, value);
      }
    };

    const admin = await signIn(server.url, "admin");
    write(150);
    const backupCall = call(server.url, admin, "POST", "/api/backups");
    write(150); // while the backup runs
    const backup = (await backupCall).body as BackupInfo;
    expect(backup.sha256).toMatch(/^[0-9a-f]{64}$/);
    write(200); // after the backup: the restored store will not have these
    const svOf = (d: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(d))].sort((a, b) => a[0] - b[0]));
    await until(() => writers.every((w) => svOf(w.doc) === svOf(doc0)), "writers in step before the restore", 30_000);

    // A damaged copy is refused, and the live store is left as it was.
    const damaged = `${backup.file}.damaged.sqlite`;
    const bytes = readFileSync(backup.file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(damaged, bytes);
    writeFileSync(`${damaged}.sha256`, readFileSync(`${backup.file}.sha256`));
    await server.stop();
    const refused = restore(damaged);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain("does not match its SHA-256 checksum");

    const restored = restore(backup.file);
    expect(restored.status, restored.out).toBe(0);
    server = await startServer(dataDir, { PORT: String(port) });
    // The writers were never told anything: they reconnect on their own and resync.
    await until(() => writers.every((w) => w.provider.synced), "writers reconnect", 30_000);
    const fresh = openDoc(server.url, cookie, page.docName);
    await fresh.synced();
    await until(() => [...last].every(([k, v]) => readCell(fresh.doc, k)?.value === v), "the restored server has every edit back", 30_000);
    let lost = 0;
    for (const [k, v] of last) if (readCell(fresh.doc, k)?.value !== v) lost++;
    expect(lost).toBe(0);
    for (const w of writers) w.destroy();
    fresh.destroy();
  }, 120_000);
});
