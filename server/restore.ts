/**
 * `npm run restore -- FILE`: puts a backup back as the live store, after
 * checking its checksum, SQLite's integrity and every stored document. The
 * store it replaces is kept beside it. Run it with the server stopped.
 * Clients that synced after the backup send back, on reconnect, the edits the
 * restored store lacks; the server checks them like any other.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkBackup } from "./backup/backup-files.ts";

const file = process.argv[2];
const dataDir = process.env.DATA_DIR ?? "data";
if (!file) {
  console.error("Usage: npm run restore -- <backup file> (DATA_DIR selects the store, default ./data)");
  process.exit(2);
}
const problem = checkBackup(resolve(file));
if (problem) {
  console.error(`Not restored: ${problem}`);
  process.exit(1);
}
const live = join(dataDir, "journal.sqlite");
if (existsSync(live)) {
  const kept = `${live}.before-restore-${new Date().toISOString().replace(/[-:.]/g, "")}`;
  renameSync(live, kept);
  for (const suffix of ["-wal", "-shm"]) if (existsSync(live + suffix)) renameSync(live + suffix, kept + suffix);
  console.log(`The replaced store is kept as ${kept}`);
}
copyFileSync(resolve(file), live);
rmSync(`${live}-wal`, { force: true });
rmSync(`${live}-shm`, { force: true });
console.log(`Restored ${file} into ${live}. Start the server; clients resync what they have that it lacks.`);
