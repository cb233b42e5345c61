/**
 * J3, B4: a cell is stored compactly as `[value, at, by, workType?]`; entries
 * written by older clients as objects still read; anything else is not an
 * entry, and the server's guard refuses it as an invalid value.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { cellsMap, decodeCell, encodeCell, lessonsMap, metaMap, readCell, readEntries, studentsMap, type CellEntry } from "../../shared/journal-schema.ts";
import { createUpdateGuard } from "../../server/validation/update-guard.ts";
import { journalPolicy } from "../../server/validation/journal-policy.ts";
import { checkJournalChange, type JournalChange, type PageState } from "../../shared/permissions.ts";
import { DEFAULT_RULES } from "../../shared/school-rules.ts";
import { DEFAULT_GRAMMAR } from "../../shared/cell-value.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { ErrorCode } from "../../shared/errors.ts";

const NOW = Date.parse("2026-11-20T10:00:00+03:00");

describe("cell encoding (J3, B4)", () => {
  it("round-trips every entry exactly, numeric author ids stored as numbers", () => {
    const entries: CellEntry[] = [
      { value: "5", at: NOW, by: "1742", workType: "answer" },
      { value: "Н", at: NOW + 1, by: "1742" },
      { value: "4/5", at: 1_795_412_273_968, by: "u-7", workType: "test" },
      { value: "3", at: NOW, by: "0123", workType: "homework" },
    ];
    for (const e of entries) expect(decodeCell(encodeCell(e))).toEqual(e);
    expect(encodeCell(entries[0]!)).toEqual(["5", NOW, 1742, "answer"]);
    expect(encodeCell(entries[3]!)[2]).toBe("0123");
  });

  it("reads the object form older clients wrote", () => {
    expect(decodeCell({ value: "4", at: NOW, by: "12", workType: "answer" })).toEqual({ value: "4", at: NOW, by: "12", workType: "answer" });
  });

  it("anything else is not an entry", () => {
    for (const bad of [
      null, "5", 5, [], ["5"], ["5", NOW], ["5", NOW, "1", "answer", "extra"], [5, NOW, "1"], ["5", "now", "1"], ["5", Number.NaN, "1"],
      ["5", NOW, 0], ["5", NOW, -3], ["5", NOW, 1.5], ["5", NOW, null], ["5", NOW, "1", 7], { value: "5", at: NOW, by: "1", extra: true },
    ]) expect(decodeCell(bad), JSON.stringify(bad)).toBeNull();
  });

  it("is a smaller document: a page of 3,500 marks by the two encodings", () => {
    const size = (write: (m: Y.Map<unknown>, key: string, e: CellEntry) => void) => {
      const doc = new Y.Doc();
      const map = doc.getMap("cells");
      for (let i = 0; i < 3500; i++) doc.transact(() => write(map, `${20_000 + (i % 35)}:${480_000 + Math.floor(i / 35)}`, { value: "4", at: NOW + i * 997, by: "1742", workType: "answer" }));
      return Y.encodeStateAsUpdate(doc).length;
    };
    const compact = size((m, k, e) => m.set(k, encodeCell(e)));
    const objects = size((m, k, e) => m.set(k, e));
    expect(compact).toBeLessThan(objects * 0.8);
  });

  it("J3: the guard accepts the compact form, judges the object form alike, and refuses a malformed array as invalid-value", () => {
    const server = new Y.Doc();
    server.transact(() => {
      metaMap(server).set("pageId", "1");
      studentsMap(server).set("1", { surname: "Алексеев", name: "Артём", patronymic: "", leftOn: null });
      const lesson = new Y.Map<unknown>();
      lessonsMap(server).set("10", lesson);
      lesson.set("date", "2026-11-20");
    }, ORIGIN.server);
    const guard = createUpdateGuard(server, journalPolicy);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const state: PageState = {
      meta: { pageId: "1", classId: "1", className: "5А", subjectName: "Математика", teacherId: "1", teacherName: "Иванова М.П.", academicYear: "2026/2027", periods: [], grammar: DEFAULT_GRAMMAR, rules: DEFAULT_RULES },
      lesson: (id) => (id === "10" ? { date: "2026-11-20", slot: 1, substituteId: null } : null),
      student: (id) => (id === "1" ? { leftOn: null } : null),
      permits: () => [],
    };
    const check = (c: JournalChange): ErrorCode | null => {
      const v = checkJournalChange({ actor: { userId: "1", role: "teacher", classTeacherOf: [] }, access: "write", page: state, now: NOW }, c);
      return v.ok ? null : v.code;
    };
    const send = (value: unknown) => {
      const before = Y.encodeStateVector(client);
      client.transact(() => cellsMap(client).set("1:10", value as never), ORIGIN.local);
      return guard.apply(Y.encodeStateAsUpdate(client, before), check);
    };

    expect(send(["5", NOW, 1, "answer"]).verdicts).toEqual([null]);
    expect(readCell(server, "1:10")).toEqual({ value: "5", at: NOW, by: "1", workType: "answer" });
    expect(send({ value: "4", at: NOW, by: "1", workType: "answer" }).verdicts).toEqual([null]);
    expect(readCell(server, "1:10")?.value).toBe("4");
    const refused = send(["3", NOW, 1, "answer", "smuggled"]);
    expect(refused.verdicts).toEqual(["invalid-value"]);
    expect(readCell(server, "1:10")?.value).toBe("4");
    expect(Object.keys(readEntries(cellsMap(server)))).toEqual(["1:10"]);
  });
});
