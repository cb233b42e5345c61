/**
 * A real PostgreSQL from Debian's packages on loopback, for running the
 * server tests on the second storage back-end (issue 10). `.ci/run` installs
 * it; where it (or pg-native) is missing those tests are skipped, saying so.
 * As root, the cluster is made and run by the `postgres` user, as initdb
 * requires.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { freePort } from "./free-port.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";

function binDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, "bin") : null;
}

function hasPgNative(): boolean {
  try {
    createRequire(import.meta.url)("pg-native");
    return true;
  } catch {
    return false;
  }
}

const BIN = binDir();
export const POSTGRES_AVAILABLE = BIN !== null && hasPgNative();
if (!POSTGRES_AVAILABLE) {
  process.stderr.write("PostgreSQL tests skipped: install Debian's postgresql and libpq-dev, then run 'npm ci' again (pg-native).\n");
}

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  return asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}


export interface PostgresProcess {
  /** The server's URL without a database name. */
  base: string;
  /** A new, empty database; its URL. */
  createDatabase(): string;
  stop(): Promise<void>;
}

let databases = 0;

/**
 * The database of a test server's data directory on the PostgreSQL run
 * (`base` from the global set-up): made empty on first use, so a server
 * restarted on the same directory finds what it stored before.
 */
export function databaseFor(base: string, dataDir: string): string {
  const name = `journal_${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}`;
  if (!BIN) throw new Error("PostgreSQL is not installed");
  const exists = execFileSync(join(BIN, "psql"), [`${base}/postgres`, "-tAc", `SELECT 1 FROM pg_database WHERE datname = '${name}'`], { encoding: "utf8" }).trim();
  if (exists !== "1") execFileSync(join(BIN, "psql"), [`${base}/postgres`, "-qc", `CREATE DATABASE ${name}`], { stdio: "pipe" });
  return `${base}/${name}`;
}

export async function startPostgres(): Promise<PostgresProcess> {
  if (!BIN) throw new Error("PostgreSQL is not installed");
  const dir = mkdtempSync(join(tmpdir(), "zhurnal-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const user = asRoot ? "postgres" : (process.env.USER ?? "postgres");
  const [initCmd, initArgs] = asPostgresUser(join(BIN, "initdb"), ["-D", data, "-A", "trust", "-U", user, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });
  const port = await freePort();
  const [cmd, args] = asPostgresUser(join(BIN, "postgres"), ["-D", data, "-p", String(port), "-k", dir, "-h", "127.0.0.1", "-c", "fsync=off", "-c", "max_connections=300"]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((ok, fail) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      if (out.includes("ready to accept connections")) ok();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`postgres exited with ${code}: ${out}`)));
    setTimeout(() => fail(new Error(`postgres did not start: ${out}`)), 30_000).unref(); // a give-up timer must not keep a finished run alive
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  // Nothing more to read: the test run must be free to exit while it still runs.
  child.stdout!.destroy();
  child.stderr!.destroy();
  child.unref();
  const base = `postgres://${user}@127.0.0.1:${port}`;
  const psql = join(BIN, "psql");
  return {
    base,
    createDatabase() {
      const name = `journal_${process.pid}_${++databases}`;
      execFileSync(psql, [`${base}/postgres`, "-qc", `CREATE DATABASE ${name}`], { stdio: "pipe" });
      return `${base}/${name}`;
    },
    async stop() {
      // runuser does not pass signals on: ask PostgreSQL itself to stop.
      const [stopCmd, stopArgs] = asPostgresUser(join(BIN, "pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w"]);
      execFileSync(stopCmd, stopArgs, { stdio: "pipe" });
      // Unreferenced, its exit alone would not keep the process alive to see it (a bench ending here exited with 13).
      child.ref();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
