import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createUpdateGuard } from "../../server/validation/update-guard.ts";
import { journalPolicy } from "../../server/validation/journal-policy.ts";
import { checkJournalChange, type JournalChange, type PageState } from "../../shared/permissions.ts";
import { DEFAULT_RULES } from "../../shared/school-rules.ts";
import type { ErrorCode } from "../../shared/errors.ts";
import { cellsMap, lessonsMap, metaMap, readCell, studentsMap } from "../../shared/journal-schema.ts";
import { DEFAULT_GRAMMAR } from "../../shared/cell-value.ts";
import { ORIGIN } from "../../shared/origins.ts";

const state: PageState = {
  meta: {
    pageId: "1", classId: "1", className: "5А", subjectName: "Математика", teacherId: "1", teacherName: "Иванова М.П.",
    academicYear: "2026/2027", periods: [], grammar: DEFAULT_GRAMMAR, rules: DEFAULT_RULES,
  },
  lesson: (id) => (id === "10" ? { date: "2026-11-20", slot: 1, substituteId: null } : null),
  student: (id) => (id === "1" || id === "2" ? { leftOn: null } : null),
  permits: () => [],
};
const NOW = Date.parse("2026-11-20T10:00:00+03:00");
const e = (value: string, at = NOW) => ({ value, at, by: "1", workType: "answer" });

/** Server replica with the page's structure, and a client that synced it. */
function setup() {
  const server = new Y.Doc();
  server.transact(() => {
    metaMap(server).set("pageId", "1");
    studentsMap(server).set("1", { surname: "Алексеев", name: "Артём", patronymic: "", leftOn: null });
    const lesson = new Y.Map<unknown>();
    lessonsMap(server).set("10", lesson);
    lesson.set("date", "2026-11-20");
    lesson.set("topic", "");
    cellsMap(server).set("1:10", e("4", 1));
  }, ORIGIN.server);
  const guard = createUpdateGuard(server, journalPolicy);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(server));
  return { server, guard, client, peer };
}

function edit(client: Y.Doc, fn: () => void): Uint8Array {
  const before = Y.encodeStateVector(client);
  client.transact(fn, ORIGIN.local);
  return Y.encodeStateAsUpdate(client, before);
}

const teacher = { userId: "1", role: "teacher" as const, classTeacherOf: [] };
const writer = (c: JournalChange): ErrorCode | null => {
  const v = checkJournalChange({ actor: teacher, access: "write", page: state, now: NOW }, c);
  return v.ok ? null : v.code;
};

describe("refusing a CRDT edit by compensation (J3, issue 2 flow 5)", () => {
  it("J3: an accepted mark is applied with no compensation", () => {
    const { server, guard, client } = setup();
    const result = guard.apply(edit(client, () => cellsMap(client).set("2:10", e("5"))), writer);
    expect(result.refused).toBe(false);
    expect(result.compensation).toBeNull();
    expect(readCell(server, "2:10")).toEqual(e("5"));
  });

  it("J3: a refused overwrite is undone, and a peer applying update+compensation as one never sees the refused value", () => {
    const { server, guard, client, peer } = setup();
    const result = guard.apply(edit(client, () => cellsMap(client).set("1:10", e("7"))), writer);
    expect(result.refused).toBe(true);
    expect(result.verdicts).toEqual(["invalid-value"]);
    expect(readCell(server, "1:10")).toEqual(e("4", 1));

    const seen: unknown[] = [];
    cellsMap(peer).observe(() => seen.push(readCell(peer, "1:10")));
    Y.applyUpdate(peer, Y.mergeUpdates([result.applied!, result.compensation!]), ORIGIN.remote);
    expect(seen.every((v) => (v as { value: string }).value === "4")).toBe(true);
    expect(readCell(peer, "1:10")).toEqual(e("4", 1));

    Y.applyUpdate(client, result.compensation!, ORIGIN.remote);
    expect(readCell(client, "1:10")).toEqual(e("4", 1));
    expect(Y.encodeStateVector(client)).toEqual(Y.encodeStateVector(server));
  });

  it("J3: a refused new value disappears; the client's later valid edits still integrate", () => {
    const { server, guard, client } = setup();
    const bad = guard.apply(edit(client, () => cellsMap(client).set("2:10", e("Ж"))), writer);
    expect(bad.refused).toBe(true);
    expect(cellsMap(server).has("2:10")).toBe(false);
    Y.applyUpdate(client, bad.compensation!);
    const good = guard.apply(edit(client, () => cellsMap(client).set("2:10", e("5", NOW + 1))), writer);
    expect(good.refused).toBe(false);
    expect(readCell(server, "2:10")).toEqual(e("5", NOW + 1));
  });

  it("J3: only the refused change of an update is undone; the rest of it (a day of offline work) stands", () => {
    const { server, guard, client } = setup();
    const result = guard.apply(
      edit(client, () => {
        cellsMap(client).set("2:10", e("5"));
        cellsMap(client).set("1:10", e("9"));
      }),
      writer,
    );
    expect(result.refused).toBe(true);
    expect(result.undoneWhole).toBe(false);
    expect(result.verdicts).toEqual([null, "invalid-value"]);
    expect(readCell(server, "2:10")).toEqual(e("5"));
    expect(readCell(server, "1:10")).toEqual(e("4", 1));
  });

  it("J1: a structural change makes the whole update undone", () => {
    const { server, guard, client } = setup();
    const result = guard.apply(
      edit(client, () => {
        cellsMap(client).set("2:10", e("5"));
        studentsMap(client).delete("1");
      }),
      writer,
    );
    expect(result.undoneWhole).toBe(true);
    expect(cellsMap(server).has("2:10")).toBe(false);
    expect(studentsMap(server).has("1")).toBe(true);
  });

  it("J3: a refused deletion restores the mark", () => {
    const { server, guard, client } = setup();
    const result = guard.apply(edit(client, () => cellsMap(client).delete("1:10")), () => "forbidden");
    expect(result.refused).toBe(true);
    expect(readCell(server, "1:10")).toEqual(e("4", 1));
  });

  it("J1: changes to the roster, lesson dates and unknown root types are refused and undone", () => {
    const { server, guard, client } = setup();
    const r1 = guard.apply(edit(client, () => studentsMap(client).delete("1")), writer);
    expect(r1.refused).toBe(true);
    expect(studentsMap(server).has("1")).toBe(true);
    Y.applyUpdate(client, r1.compensation!);

    const r2 = guard.apply(edit(client, () => lessonsMap(client).get("10")!.set("date", "2020-01-01")), writer);
    expect(r2.verdicts).toContain("read-only-field");
    expect(lessonsMap(server).get("10")!.get("date")).toBe("2026-11-20");
    Y.applyUpdate(client, r2.compensation!);

    const r3 = guard.apply(edit(client, () => client.getArray("evil").insert(0, ["x"])), writer);
    expect(r3.refused).toBe(true);
    expect(server.getArray("evil").length).toBe(0);
  });

  it("J2: the teacher writes a lesson's topic", () => {
    const { server, guard, client } = setup();
    const result = guard.apply(edit(client, () => lessonsMap(client).get("10")!.set("topic", "Сложение дробей")), writer);
    expect(result.refused).toBe(false);
    expect(lessonsMap(server).get("10")!.get("topic")).toBe("Сложение дробей");
  });

  it("accepted overwrites stay garbage-collectable: the guard keeps no undo history", () => {
    const { server, guard, client } = setup();
    for (let i = 0; i < 50; i++) guard.apply(edit(client, () => cellsMap(client).set("1:10", e(String(2 + (i % 4)), NOW - i))), writer);
    const size = Y.encodeStateAsUpdate(server).length;
    expect(size).toBeLessThan(2000);
  });
});
