// @vitest-environment jsdom
/**
 * The grid's keyboard model and cell editor, against an in-memory journal
 * document (no network, no IndexedDB): what a teacher types is what the rules
 * accept, written with its author and clock (J3, J5, J8, J11).
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render } from "@solidjs/testing-library";
import * as Y from "yjs";
import { bindJournal } from "../../client/stores/journal-store.ts";
import { GRID_KEYS, JournalGrid, type JournalGridProps } from "../../client/components/JournalGrid.tsx";
import { syncJournalStructure } from "../../server/documents/journal-structure.ts";
import { cellKey, cellsMap, readCell, readEntries } from "../../shared/journal-schema.ts";
import { DEFAULT_GRAMMAR } from "../../shared/cell-value.ts";
import { DEFAULT_RULES } from "../../shared/school-rules.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { UserInfo } from "../../shared/api.ts";

const NOW = Date.parse("2026-11-18T12:00:00+03:00");
const teacher: UserInfo = { id: "t1", login: "ivanova", fullName: "Иванова Мария Петровна", role: "teacher", classTeacherOf: [] };

function journal(extra: Partial<JournalGridProps> = {}) {
  const doc = new Y.Doc();
  syncJournalStructure(doc, {
    meta: {
      pageId: "p1", classId: "c1", className: "5А", subjectName: "Математика", teacherId: "t1", teacherName: "Иванова М.П.", academicYear: "2026/2027",
      periods: [{ id: "P2", name: "II четверть", start: "2026-11-03", end: "2026-12-28" }], grammar: DEFAULT_GRAMMAR, rules: DEFAULT_RULES,
    },
    students: [
      { id: "s1", entry: { surname: "Алексеев", name: "Артём", patronymic: "", leftOn: null } },
      { id: "s2", entry: { surname: "Белова", name: "Анна", patronymic: "", leftOn: null } },
      { id: "s3", entry: { surname: "Волков", name: "Максим", patronymic: "", leftOn: null } },
    ],
    lessons: [
      { id: "l1", date: "2026-11-18", slot: 1, substituteId: null, substituteName: null },
      { id: "l2", date: "2026-11-18", slot: 2, substituteId: null, substituteName: null },
    ],
    permits: [],
  });
  const store = bindJournal(doc, teacher, "write", () => NOW);
  const origins: unknown[] = [];
  doc.on("afterTransaction", (tr: Y.Transaction) => origins.push(tr.origin));
  const view = render(() => <JournalGrid store={store} lessons={store[0].lessons} finals={[]} statsKind="quarter" workType="answer" readOnly={false} {...extra} />);
  const td = (s: string, l: string) => view.container.querySelector<HTMLElement>(`td[data-student-id="${s}"][data-lesson-id="${l}"]`)!;
  const input = () => view.container.querySelector<HTMLInputElement>("input.cell-input")!;
  /** The cell the editor is over: the one it names as its active descendant, marked as the cursor. */
  const editorCell = () => {
    const cell = view.container.querySelector<HTMLElement>(`#${input().getAttribute("aria-activedescendant")}`);
    return cell?.classList.contains("cursor") && input().dataset.cellInput === `${cell.dataset.studentId}:${cell.dataset.lessonId}` ? cell : null;
  };
  const type = (s: string, l: string, text: string, key = "Enter") => {
    fireEvent.click(td(s, l));
    fireEvent.input(input(), { target: { value: text } });
    fireEvent.keyDown(input(), { key });
  };
  return { doc, store, view, td, input, editorCell, type, origins };
}

afterEach(cleanup);

describe("the cell editor and keyboard model (J3, J5, J11)", () => {
  it("J3: typing 5 and Enter writes the mark with its author, clock and work type, in a local transaction, and moves down", async () => {
    const { doc, td, type, origins, input, editorCell } = journal();
    type("s1", "l1", "5");
    expect(readCell(doc, cellKey("s1", "l1"))).toEqual({ value: "5", at: NOW, by: "t1", workType: "answer" });
    expect(origins).toContain(ORIGIN.local);
    expect(td("s1", "l1").textContent).toContain("5");
    await Promise.resolve();
    expect(editorCell()).toBe(td("s2", "l1"));
  });

  it("J3: a Latin h or a lower-case н becomes the absence Н, with no work type", () => {
    const { doc, type } = journal();
    type("s1", "l1", "h");
    type("s2", "l1", "н");
    expect(readCell(doc, cellKey("s1", "l1"))).toEqual({ value: "Н", at: NOW, by: "t1" });
    expect(readCell(doc, cellKey("s2", "l1"))?.value).toBe("Н");
  });

  it("J3: 7 is not written; the cell says why, in Russian", () => {
    const { doc, td, type } = journal();
    type("s1", "l1", "7");
    expect(cellsMap(doc).has(cellKey("s1", "l1"))).toBe(false);
    expect(td("s1", "l1").dataset.state).toBe("invalid");
    expect(td("s1", "l1").textContent).toContain("Недопустимое значение");
  });

  it("Escape cancels an entry; Delete clears a cell", () => {
    const { doc, td, input, type } = journal();
    type("s1", "l1", "4", "Escape");
    expect(cellsMap(doc).has(cellKey("s1", "l1"))).toBe(false);
    type("s1", "l1", "4");
    fireEvent.click(td("s1", "l1"));
    fireEvent.keyDown(input(), { key: "Delete" });
    expect(cellsMap(doc).has(cellKey("s1", "l1"))).toBe(false);
  });

  it("Tab commits and moves right along a row", async () => {
    const { doc, td, input, editorCell, type } = journal();
    type("s1", "l1", "5", "Tab");
    await Promise.resolve();
    expect(editorCell()).toBe(td("s1", "l2"));
    fireEvent.input(input(), { target: { value: "4" } });
    fireEvent.keyDown(input(), { key: "Tab" });
    expect(readCell(doc, cellKey("s1", "l2"))?.value).toBe("4");
  });

  it("J5, J7: a row's weighted average, suggested mark and count follow each mark typed or arriving, and only that row's", () => {
    const { doc, view, type } = journal();
    const stat = (attr: string, s: string) => view.container.querySelector<HTMLElement>(`[${attr}="${s}"]`)!.textContent;
    expect(stat("data-average-of", "s1")).toBe("—");
    type("s1", "l1", "5");
    expect([stat("data-average-of", "s1"), stat("data-suggested-of", "s1"), stat("data-count-of", "s1")]).toEqual(["5.00", "5", "1!"]);
    // A colleague's test (weight 2) in the same row: (5·1 + 2·2) / 3.
    doc.transact(() => cellsMap(doc).set(cellKey("s1", "l2"), { value: "2", at: NOW, by: "t9", workType: "test" }), ORIGIN.remote);
    expect([stat("data-average-of", "s1"), stat("data-suggested-of", "s1"), stat("data-count-of", "s1")]).toEqual(["3.00", "3", "2!"]);
    type("s1", "l1", "");
    expect([stat("data-average-of", "s1"), stat("data-count-of", "s1")]).toEqual(["2.00", "1!"]);
    expect(stat("data-average-of", "s2")).toBe("—");
  });

  it("D2: a colleague's edit arriving from the network shows at once", () => {
    const { doc, td } = journal();
    doc.transact(() => cellsMap(doc).set(cellKey("s3", "l2"), { value: "3", at: NOW, by: "t9", workType: "test" }), ORIGIN.remote);
    expect(td("s3", "l2").textContent).toContain("3");
  });

  it("J9: a refusal from the server marks the cell with its Russian reason", () => {
    const { store, td } = journal();
    store[1].refusedByServer(cellKey("s2", "l2"), "mark-locked");
    expect(td("s2", "l2").dataset.state).toBe("rejected");
    expect(td("s2", "l2").textContent).toContain("Срок внесения истёк");
  });

  it("undo reverts the teacher's own edit and leaves a colleague's later edit alone; redo writes it again", () => {
    const { doc, store, type } = journal();
    type("s1", "l1", "5");
    type("s2", "l1", "3");
    // A colleague overwrites the first cell after us.
    doc.transact(() => cellsMap(doc).set(cellKey("s1", "l1"), { value: "4", at: NOW, by: "t9", workType: "answer" }), ORIGIN.remote);
    expect(store[1].undo()).toBe(true);
    expect(cellsMap(doc).has(cellKey("s2", "l1"))).toBe(false);
    expect(store[1].undo()).toBe(false);
    expect(readCell(doc, cellKey("s1", "l1"))?.value).toBe("4");
    expect(store[1].redo()).toBe(true);
    expect(readCell(doc, cellKey("s2", "l1"))).toMatchObject({ value: "3", by: "t1" });
  });

  it("paste of a block writes every valid cell from the focused one and refuses the rest", () => {
    const { doc, td, input } = journal();
    fireEvent.click(td("s1", "l1"));
    const clipboardData = { getData: () => "5\t4\n3\t7\nН\tБ", setData: () => undefined };
    fireEvent.paste(input(), { clipboardData });
    expect(readCell(doc, cellKey("s1", "l1"))?.value).toBe("5");
    expect(readCell(doc, cellKey("s1", "l2"))?.value).toBe("4");
    expect(readCell(doc, cellKey("s2", "l1"))?.value).toBe("3");
    expect(cellsMap(doc).has(cellKey("s2", "l2"))).toBe(false);
    expect(readCell(doc, cellKey("s3", "l2"))?.value).toBe("Б");
    expect(td("s2", "l2").dataset.state).toBe("invalid");
  });

  it("J5: a lesson's work type goes to every mark typed in its column; one the school lacks is refused", () => {
    const { doc, store, type } = journal();
    expect(store[1].writeLessonField("l2", "workType", "test")).toBeNull();
    expect(store[0].lessons.find((l) => l.id === "l2")?.workType).toBe("test");
    type("s1", "l2", "4");
    type("s1", "l1", "5");
    expect(readCell(doc, cellKey("s1", "l2"))?.workType).toBe("test");
    expect(readCell(doc, cellKey("s1", "l1"))?.workType).toBe("answer");
    expect(store[1].writeLessonField("l2", "workType", "karaoke")).toBe("unknown-work-type");
  });

  it("J5: the work type of a selection's marks changes in one step, absences untouched; undo restores it", () => {
    const { doc, store, type } = journal();
    type("s1", "l1", "5");
    type("s2", "l1", "н");
    type("s3", "l1", "3");
    const cells = ["s1", "s2", "s3"].map((studentId) => ({ studentId, lessonId: "l1" }));
    expect(store[1].setWorkType(cells, "independent")).toBe(0);
    expect(readCell(doc, cellKey("s1", "l1"))).toMatchObject({ value: "5", workType: "independent", by: "t1" });
    expect(readCell(doc, cellKey("s2", "l1"))).toEqual({ value: "Н", at: NOW, by: "t1" });
    expect(readCell(doc, cellKey("s3", "l1"))?.workType).toBe("independent");
    expect(store[1].undo()).toBe(true);
    expect(readCell(doc, cellKey("s1", "l1"))?.workType).toBe("answer");
    expect(readCell(doc, cellKey("s3", "l1"))?.workType).toBe("answer");
    expect(readCell(doc, cellKey("s3", "l1"))?.value).toBe("3");
  });

  it("a pasted block is undone and redone as one step", () => {
    const { doc, store, td, input } = journal();
    fireEvent.click(td("s1", "l1"));
    fireEvent.paste(input(), { clipboardData: { getData: () => "5\t4\r\n3\t2\r\n", setData: () => undefined } });
    expect(cellsMap(doc).size).toBe(4);
    expect(store[1].undo()).toBe(true);
    expect(cellsMap(doc).size).toBe(0);
    expect(store[1].redo()).toBe(true);
    expect(Object.values(readEntries(cellsMap(doc))).map((e) => e.value).sort()).toEqual(["2", "3", "4", "5"]);
  });

  it("copy puts the selected block on the clipboard as tab-separated lines, as spreadsheets read it", () => {
    const { td, input, type } = journal();
    type("s1", "l1", "5", "Tab");
    type("s1", "l2", "4/5");
    type("s2", "l2", "б");
    fireEvent.click(td("s1", "l1"));
    fireEvent.keyDown(input(), { key: "ArrowDown", shiftKey: true });
    fireEvent.keyDown(input(), { key: "ArrowRight", shiftKey: true });
    let copied = "";
    fireEvent.copy(input(), { clipboardData: { setData: (_: string, text: string) => (copied = text), getData: () => "" } });
    expect(copied).toBe("5\t4/5\n\tБ");
  });

  it("J5: Alt+Down opens the work-type picker for the selected marks, Alt+Shift+Down the lesson's; a typed entry is written first; the keys are in the grid's help and description", () => {
    const picks: Array<[string, string]> = [];
    const selections: Array<Array<{ studentId: string; lessonId: string }>> = [];
    const { doc, td, input, editorCell, view } = journal({ onPickWorkType: (scope, lessonId) => picks.push([scope, lessonId]), onSelectionChange: (cells) => selections.push(cells) });
    // A block of two marks selected, then Alt+Down: the picker is for that block, and the cursor stays.
    fireEvent.click(td("s1", "l2"));
    fireEvent.keyDown(input(), { key: "ArrowDown", shiftKey: true });
    fireEvent.keyDown(input(), { key: "ArrowDown", altKey: true });
    expect(picks).toEqual([["cells", "l2"]]);
    expect(selections.at(-1)).toEqual([{ studentId: "s1", lessonId: "l2" }, { studentId: "s2", lessonId: "l2" }]);
    expect(editorCell()).toBe(td("s2", "l2"));
    // Half-typed 4, then Alt+Shift+Down: the 4 is written, then the lesson's picker is asked for.
    fireEvent.click(td("s3", "l1"));
    fireEvent.input(input(), { target: { value: "4" } });
    fireEvent.keyDown(input(), { key: "ArrowDown", altKey: true, shiftKey: true });
    expect(readCell(doc, cellKey("s3", "l1"))?.value).toBe("4");
    expect(picks.at(-1)).toEqual(["lesson", "l1"]);
    expect(editorCell()).toBe(td("s3", "l1"));
    // Documented: in the help line under the grid and in the grid's and the editor's accessible description.
    expect(GRID_KEYS).toContain("Alt+↓ — вид работы выделенных отметок");
    const help = view.container.ownerDocument.getElementById(input().getAttribute("aria-describedby")!);
    expect(help?.textContent).toContain(GRID_KEYS);
    expect(view.container.querySelector('table[role="grid"]')!.getAttribute("aria-describedby")).toBe(help!.id);
    expect(input().getAttribute("aria-keyshortcuts")).toContain("Alt+ArrowDown");
  });
});
