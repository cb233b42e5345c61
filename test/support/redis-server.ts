/**
 * A real Redis from Debian's package on loopback, for the cluster tests
 * (issue 10). `.ci/run` installs it; where it is missing those tests are
 * skipped with a line saying what to install.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port.ts";

export const REDIS_BINARY = (() => {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
})();

if (!REDIS_BINARY) process.stderr.write("Cluster tests skipped: install Debian's redis-server ('apt-get install -y redis-server').\n");

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}


export async function startRedis(): Promise<RedisProcess> {
  if (!REDIS_BINARY) throw new Error("redis-server is not installed");
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((ok, fail) => {
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("Ready to accept connections")) ok();
    });
    child.once("exit", (code) => fail(new Error(`redis-server exited with ${code}: ${out}`)));
    setTimeout(() => fail(new Error(`redis-server did not start: ${out}`)), 10_000).unref(); // a give-up timer must not keep a finished run alive
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
