/**
 * Figures of the fault and hostile-input tests, gathered across test files
 * (they run in separate workers) and printed as one table when the run ends.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Read when used: the global setup names the run after this module is loaded.
const file = () => join(tmpdir(), `zhurnal-fault-summary-${process.env.ZHURNAL_RUN_ID ?? "local"}.jsonl`);

export function recordFaults(test: string, figures: Record<string, number>): void {
  appendFileSync(file(), JSON.stringify({ test, figures }) + "\n");
}

export function readFaultsAndReset(): Array<{ test: string; figures: Record<string, number> }> {
  const FILE = file();
  if (!existsSync(FILE)) return [];
  const rows = readFileSync(FILE, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { test: string; figures: Record<string, number> });
  rmSync(FILE, { force: true });
  return rows;
}
