/**
 * A bench run's server: a fresh store with a seeded school, then the real
 * server started as `npm start` runs it (a child process, port 0), its clock
 * started at TEST_NOW (a Wednesday noon in Moscow, second quarter).
 */
import { makeDataDir, removeDataDir, startServer, TEST_NOW, TEST_TODAY, type ServerProcess } from "../test/support/server-process.ts";
import { prewarmSchool, seedLargeSchool, BENCH_EDIT_WINDOW_DAYS, type BenchSchool, type SchoolPlan } from "./seed-large-school.ts";

export interface BenchServer {
  server: ServerProcess;
  school: BenchSchool;
  /** Add to Date.now() for the server's clock; every process stamps marks with it. */
  clockOffset: number;
  today: string;
  windowDays: number;
  dataDir: string;
  /** Stops the server (SIGTERM: it compacts and closes the store) and removes the data. */
  dispose(): Promise<void>;
}

export interface BenchSchoolOptions extends Omit<SchoolPlan, "today"> {
  /** Open every document once before the run, filling this fraction of past cells (see prewarmSchool); omit for a fresh store. */
  prewarmMarks?: number;
  /** With prewarmMarks: also build every diary (default true). */
  prewarmDiaries?: boolean;
}

export async function prepareSchool(opts: BenchSchoolOptions): Promise<{ school: BenchSchool; dataDir: string }> {
  const dataDir = makeDataDir();
  const school = await seedLargeSchool(dataDir, { ...opts, today: new Date(TEST_NOW) });
  if (opts.prewarmMarks !== undefined) prewarmSchool(school, { today: TEST_TODAY, marks: opts.prewarmMarks, diaries: opts.prewarmDiaries });
  return { school, dataDir };
}

export async function startBenchServer(prepared: { school: BenchSchool; dataDir: string }): Promise<BenchServer> {
  const clockOffset = Date.parse(TEST_NOW) - Date.now();
  // BENCH_SERVER_NODE_ARGS: flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" or "--perf-basic-prof" (README).
  const profile = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
  const server = await startServer(prepared.dataDir, { JOURNAL_NOW: new Date(Date.now() + clockOffset).toISOString() }, profile);
  return {
    server,
    school: prepared.school,
    clockOffset,
    today: TEST_TODAY,
    windowDays: BENCH_EDIT_WINDOW_DAYS,
    dataDir: prepared.dataDir,
    async dispose() {
      await server.stop();
      removeDataDir(prepared.dataDir);
    },
  };
}
