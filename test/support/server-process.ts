/**
 * Starts the real server as a separate process on port 0 with its own data
 * directory, the way `npm start` runs it, and talks to it as clients do.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { databaseFor } from "./postgres-server.ts";

/**
 * The moment every test server starts at (a Wednesday of the second quarter,
 * noon in Moscow): lessons 1-4 of the day have started, 5 and later have not.
 */
export const TEST_NOW = "2026-11-18T12:00:00+03:00";
export const TEST_TODAY = "2026-11-18";

export interface ServerProcess {
  url: string;
  /** The PostgreSQL database it stores in, on the PostgreSQL run; null on SQLite (dataDir/journal.sqlite). */
  databaseUrl: string | null;
  pid: number;
  /** The server's clock as it runs (started at TEST_NOW unless told otherwise). */
  now(): number;
  port: number;
  dataDir: string;
  output: () => string;
  /** SIGKILL: nothing gets a chance to flush. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, "../..");

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), "zhurnal-test-"));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * On the PostgreSQL run (the vitest project `postgres` sets JOURNAL_TEST_STORE; its global set-up
 * starts the server and sets JOURNAL_TEST_PG) each data directory has a database of its own.
 */
function storeEnv(dataDir: string): Record<string, string> {
  const base = process.env.JOURNAL_TEST_PG;
  return process.env.JOURNAL_TEST_STORE === "postgres" && base ? { DATABASE_URL: databaseFor(base, dataDir) } : {};
}

/** `nodeArgs`: extra flags for node itself (e.g. `--cpu-prof` from the benchmarks). */
export async function startServer(dataDir = makeDataDir(), env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const store = storeEnv(dataDir);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, JOURNAL_NOW: TEST_NOW, ...store, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const startedAt = Date.now();
  const clockStart = Date.parse(env.JOURNAL_NOW ?? TEST_NOW);
  let stopping = false;
  let listening = false;
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  // A server that dies under a test is the real failure; say so with its last words.
  child.once("exit", (code, signal) => {
    if (listening && !stopping) process.stderr.write(`\n[test server ${child.pid} exited unexpectedly: ${code ?? signal}]\n${out.slice(-4000)}\n`);
  });
  const url = await new Promise<string>((ok, fail) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        listening = true;
        ok(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.once("exit", (code) => fail(new Error(`server exited with ${code}:\n${out}`)));
    setTimeout(() => fail(new Error(`server did not start in time:\n${out}`)), 60_000).unref(); // a give-up timer must not keep a finished run alive
  });
  const port = Number(new URL(url).port);
  return {
    url,
    databaseUrl: env.DATABASE_URL ?? store.DATABASE_URL ?? null,
    pid: child.pid!,
    now: () => clockStart + (Date.now() - startedAt),
    port,
    dataDir,
    output: () => out,
    async kill() {
      stopping = true;
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      stopping = true;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** After a server test file: closes its clients, stops the server and removes its data. */
export async function stopServer(server: ServerProcess | undefined, clients: Array<{ destroy(): void }> = []): Promise<void> {
  for (const c of clients) c.destroy();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
}
