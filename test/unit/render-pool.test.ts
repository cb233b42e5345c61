/** Printouts render in a worker thread (the server's main thread keeps syncing); the worker really starts, it does not silently fall back. */
import { describe, expect, it } from "vitest";
import { extractText, getDocumentProxy } from "unpdf";
import { createRenderPool } from "../../server/pdf/render-pool.ts";
import type { PrintedJournal } from "../../shared/report-api.ts";

const journal: PrintedJournal = {
  schoolName: "Школа", academicYear: "2026/2027", pageId: "1", className: "7В", subjectName: "География", teacherName: "Орлова Е.М.",
  period: { id: "2", name: "II четверть", start: "2026-11-03", end: "2026-12-28" },
  students: [{ id: "s", name: "Ершов Матвей", leftOn: null }],
  lessons: [{ id: "l", date: "2026-11-05", slot: 2, topic: "Материки и океаны", homework: "§ 12", substituteName: null }],
  cells: { s: { l: "5" } }, periodColumns: [{ id: "2", name: "II четверть" }], periodMarks: { s: { "2": "5" } },
  directorName: "Морозова Т.И.", printedOn: "2026-12-29",
};

describe("the PDF render worker (Ar1)", () => {
  it("Ar1: a printout comes back from the worker as a PDF with its text; two at once both arrive", async () => {
    const logs: string[] = [];
    const pool = createRenderPool((m) => logs.push(m));
    try {
      const [a, b] = await Promise.all([
        pool.render({ kind: "journal", journal, createdAt: Date.parse("2026-12-29T09:00:00Z") }),
        pool.render({ kind: "journal", journal: { ...journal, subjectName: "Биология" }, createdAt: Date.parse("2026-12-29T09:00:00Z") }),
      ]);
      expect(logs).toEqual([]);
      const text = async (pdf: Buffer) => (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text;
      expect(await text(a)).toContain("Материки и океаны");
      expect(await text(b)).toContain("Предмет: Биология");
    } finally {
      await pool.close();
    }
  }, 60_000);
});
