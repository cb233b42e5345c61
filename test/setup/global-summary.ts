/** Vitest global setup: prints the fault and hostile-input figures after every test file ran (issue 9). */
import { randomBytes } from "node:crypto";
import { readFaultsAndReset } from "../support/fault-summary.ts";

export default function setup(): () => void {
  process.env.ZHURNAL_RUN_ID = randomBytes(6).toString("hex");
  readFaultsAndReset();
  return () => {
    const rows = readFaultsAndReset();
    if (rows.length === 0) return;
    const lines = ["", "Faults and hostile input (issue 9)", "| test | figure | value |", "|---|---|---|"];
    for (const r of rows) for (const [k, v] of Object.entries(r.figures)) lines.push(`| ${r.test} | ${k} | ${v} |`);
    console.log(lines.join("\n"));
  };
}
