/**
 * The journal grid: students as rows, lessons as dated columns, and on the
 * right the period columns (weighted average, suggested mark, count of marks,
 * final marks) (J1, J5-J7).
 *
 * A whole year (35 x 170+) stays quick: only the cells in view (plus a few
 * around) are in the DOM; spacer columns and rows keep the scroll size, the
 * names stay on the left and the period columns on the right (sticky). Rows
 * and columns have a fixed size, so the window is plain arithmetic
 * (virtual-window.ts). ARIA: aria-rowcount/colcount give the full size,
 * every rendered row and cell its aria-rowindex/colindex.
 *
 * Keyboard first: arrows, Tab, Enter, Home/End, PageUp/PageDown move (and
 * scroll the cell into view); typing starts an entry; Enter or Tab commits;
 * Escape cancels; Delete clears; Ctrl+C/Ctrl+V copy and paste a block as
 * tab-separated text; Ctrl+Z/Ctrl+Y undo and redo the teacher's own edits;
 * Alt+Down opens the work-type picker for the selected marks, Alt+Shift+Down
 * the lesson's (the column's) work type (J5). GRID_KEYS says so to the
 * teacher and to screen readers.
 */
import { batch, createEffect, createMemo, createSelector, createSignal, For, on, onCleanup, onMount, Show, type JSX } from "solid-js";
import { unwrap } from "solid-js/store";
import type { JournalState, JournalStore } from "../stores/journal-store.ts";
import { cellKey, type LessonInfo, type Period } from "../../shared/journal-schema.ts";
import { summarizePeriod, type PeriodKind, type WeightedMark } from "../../shared/averages.ts";
import { errorText } from "../i18n/error-text.ts";
import { range, revealOffset, sameSpan, visibleSpan } from "./virtual-window.ts";

export interface JournalGridProps {
  store: JournalStore;
  lessons: LessonInfo[];
  /** Periods whose final-mark column shows on the right: the chosen one, or all of them in the year view. */
  finals: Period[];
  /** The J7 minimum the mark count is checked against. */
  statsKind: PeriodKind;
  /** The work type of new marks where the lesson names none (J5). */
  workType: string;
  readOnly: boolean;
  /** The school's today (ISO date): the grid opens scrolled to it. */
  today?: string;
  /** Cell key -> names of the other people whose cursor is on it. */
  presence?: Record<string, string[]>;
  onSelectLesson?: (lessonId: string) => void;
  onFocusCell?: (key: string) => void;
  /** The focused cell or the selected block, for pickers that act on it (J5). */
  onSelectionChange?: (cells: Array<{ studentId: string; lessonId: string }>) => void;
  /** Alt+Down: the work-type picker for the selected marks ("cells") or, with Shift, for the cursor's lesson ("lesson") (J5). */
  onPickWorkType?: (scope: "cells" | "lesson", lessonId: string) => void;
  /** Hands the owner a way to give the keyboard back to the grid (after a picker). */
  controls?: (api: { focus(): void }) => void;
}

/** The grid's keys, for its help line and its accessible description. */
export const GRID_KEYS =
  "Стрелки, Tab, Enter, Home/End, PageUp/PageDown — переход; цифра или Н/Б/У — ввод, Enter или Tab — записать, Esc — отменить, Delete — очистить; " +
  "Shift+стрелки — выделить; Ctrl+C/Ctrl+V — копировать и вставить; Ctrl+Z/Ctrl+Y — отменить и вернуть свою правку; " +
  "Alt+↓ — вид работы выделенных отметок, Alt+Shift+↓ — вид работы урока.";

/** Sizes in CSS px: fixed, so the window is arithmetic (they scale with the browser's zoom like everything else). */
export const GRID_SIZES = { row: 32, col: 44, head: 40, name: 200, narrowName: 136, stat: 52, final: 44 } as const;
const OVERSCAN_ROWS = 4;
const OVERSCAN_COLS = 3;

const shortDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
const px = (n: number) => `${n}px`;

/** J5, J7: a row's averages over these lessons; it follows the row's revision and reads the cells untracked. */
function periodSummary(state: JournalState, weights: Map<string, number>, studentId: string, lessons: LessonInfo[], kind: PeriodKind) {
  void state.rowRevision[studentId];
  const cells = unwrap(state.cells);
  const marks: WeightedMark[] = [];
  for (const l of lessons) {
    const e = cells[cellKey(studentId, l.id)];
    if (e?.workType) marks.push({ value: e.value, weight: weights.get(e.workType) ?? 1 });
  }
  return summarizePeriod(marks, kind);
}

interface StatColumn {
  kind: "average" | "suggested" | "count" | "final";
  label: string;
  title: string;
  width: number;
  period?: Period;
}

let gridCount = 0;

/** "I четверть" -> "I": a final-mark column's short header. */
const shortPeriod = (name: string) => name.split(/\s+/)[0] ?? name;

export function JournalGrid(props: JournalGridProps): JSX.Element {
  const [state, actions] = props.store;
  const [focus, setFocus] = createSignal({ row: 0, col: 0 });
  const isFocused = createSelector(() => `${focus().row}:${focus().col}`);
  /** The entry being typed, with the cell it belongs to (focus may have moved on by the time it is committed). */
  const [editing, setEditing] = createSignal<{ key: string; studentId: string; lessonId: string; text: string } | null>(null);
  // The other corner of a Shift+arrow selection, for copying a block.
  const [anchor, setAnchor] = createSignal<{ row: number; col: number } | null>(null);
  const selection = createMemo(() => {
    const f = focus();
    const a = anchor();
    if (!a) return null;
    return { top: Math.min(a.row, f.row), bottom: Math.max(a.row, f.row), left: Math.min(a.col, f.col), right: Math.max(a.col, f.col) };
  });
  const inSelection = (row: number, col: number) => {
    const r = selection();
    return r !== null && row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
  };
  let scroller!: HTMLDivElement;
  // Ids for ARIA references (the editor's active cell, the keys' description), unique per grid on the page.
  const gridId = `grid-${++gridCount}`;
  const keysId = `${gridId}-keys`;
  const cellId = (row: number, col: number) => `${gridId}-cell-${row}-${col}`;
  /**
   * The cell editor: one input over the cursor's cell, moved there by its
   * position, never re-created. Creating an input and giving it the focus at
   * every move made the browser build and lay out a new text field (and blur
   * the old one) in the middle of each keystroke.
   */
  let editor: HTMLInputElement | undefined;

  const rows = () => state.roster;
  const cols = () => props.lessons;
  const weights = createMemo(() => new Map((state.meta?.rules.workTypes ?? []).map((w) => [w.id, w.weight])));
  const workTypeName = (id: string | undefined) => (id ? state.meta?.rules.workTypes.find((w) => w.id === id)?.name ?? id : "");

  // --- The window: what the scroll position shows. ---
  const [scroll, setScroll] = createSignal({ top: 0, left: 0 });
  const [viewport, setViewport] = createSignal({ width: 0, height: 0 });
  const nameWidth = () => (viewport().width > 0 && viewport().width < 900 ? GRID_SIZES.narrowName : GRID_SIZES.name);
  const statColumns = createMemo<StatColumn[]>(() => [
    { kind: "average", label: "Ср.", title: "Средний балл с учётом веса работ", width: GRID_SIZES.stat },
    { kind: "suggested", label: "Рек.", title: "Рекомендуемая отметка", width: GRID_SIZES.stat },
    { kind: "count", label: "Отм.", title: "Количество отметок", width: GRID_SIZES.stat },
    ...props.finals.map((p): StatColumn => ({ kind: "final", label: props.finals.length === 1 ? "Итог" : shortPeriod(p.name), title: `Отметка за период: ${p.name}`, width: GRID_SIZES.final, period: p })),
  ]);
  const statsWidth = () => statColumns().reduce((n, c) => n + c.width, 0);
  const lessonsViewport = () => (viewport().width === 0 ? 0 : Math.max(GRID_SIZES.col, viewport().width - nameWidth() - statsWidth()));
  const rowsViewport = () => (viewport().height === 0 ? 0 : Math.max(GRID_SIZES.row, viewport().height - GRID_SIZES.head));
  const rowSpan = createMemo(() => visibleSpan(scroll().top, rowsViewport(), GRID_SIZES.row, rows().length, OVERSCAN_ROWS), undefined, { equals: sameSpan });
  const colSpan = createMemo(() => visibleSpan(scroll().left, lessonsViewport(), GRID_SIZES.col, cols().length, OVERSCAN_COLS), undefined, { equals: sameSpan });
  const rowIndexes = createMemo(() => range(rowSpan()));
  const colIndexes = createMemo(() => range(colSpan()));
  const totalWidth = () => nameWidth() + cols().length * GRID_SIZES.col + statsWidth();
  const colCount = () => 1 + cols().length + statColumns().length;

  const measure = () => setViewport({ width: scroller.clientWidth, height: scroller.clientHeight });
  const readScroll = () => {
    const top = scroller.scrollTop;
    const left = scroller.scrollLeft;
    if (top !== scroll().top || left !== scroll().left) setScroll({ top, left });
  };
  onMount(() => {
    props.controls?.({ focus: () => moveTo(focus().row, focus().col) });
    measure();
    if (typeof ResizeObserver !== "undefined") {
      const ro = new ResizeObserver(measure);
      ro.observe(scroller);
      onCleanup(() => ro.disconnect());
    }
  });

  /**
   * Where the scroll must go for a cell to be whole in view. Worked out from
   * the scroll position we keep (the scroll events' mirror), not read from the
   * element: reading scrollTop after a DOM change forces a layout in the
   * middle of a keystroke.
   */
  function revealed(row: number, col: number): { top: number; left: number } {
    const s = scroll();
    return { top: revealOffset(row, s.top, rowsViewport(), GRID_SIZES.row), left: revealOffset(col, s.left, lessonsViewport(), GRID_SIZES.col) };
  }

  /** Moves the element's scroll from `from` to `to`, where the window now renders (the browser may clamp it: its scroll event then corrects the mirror). */
  function applyScroll(from: { top: number; left: number }, to: { top: number; left: number }): void {
    if (to.top !== from.top) scroller.scrollTop = to.top;
    if (to.left !== from.left) scroller.scrollLeft = to.left;
  }

  // Opening the page (or another period): today's lesson in view, with the days before it.
  const laidOut = createMemo(() => viewport().width > 0);
  createEffect(on([cols, laidOut], ([lessons, laidOut]) => {
    if (!laidOut || !scroller) return;
    const today = props.today ?? "";
    let col = lessons.findIndex((l) => l.date > today);
    col = col === -1 ? lessons.length - 1 : Math.max(0, col - 1);
    const f = focus();
    setFocus({ row: Math.min(f.row, Math.max(0, rows().length - 1)), col });
    scroller.scrollLeft = Math.max(0, (col + 3) * GRID_SIZES.col - lessonsViewport());
    readScroll();
  }));

  const cursorKey = () => {
    const student = rows()[focus().row];
    const lesson = cols()[focus().col];
    return student && lesson ? cellKey(student.id, lesson.id) : "";
  };
  const cursorLabel = () => {
    const student = rows()[focus().row];
    const lesson = cols()[focus().col];
    if (!student || !lesson) return "";
    return `${student.surname} ${student.name}, ${shortDate(lesson.date)}: ${state.cells[cellKey(student.id, lesson.id)]?.value ?? "пусто"}`;
  };
  const cellAt = (row: number, col: number) => scroller?.querySelector<HTMLElement>(`td[data-row="${row}"][data-col="${col}"]`);

  /** The keyboard goes to the cell editor (it only moves, so this is a no-op while it has the focus), or to the cell when reading. */
  function focusCell(row: number, col: number): boolean {
    if (editor) {
      if (document.activeElement !== editor) editor.focus({ preventScroll: true });
      return true;
    }
    const td = cellAt(row, col);
    td?.focus({ preventScroll: true });
    return !!td;
  }

  function moveTo(row: number, col: number): void {
    const r = Math.max(0, Math.min(rows().length - 1, row));
    const c = Math.max(0, Math.min(cols().length - 1, col));
    // One pass of rendering for the cursor and the window it scrolls, then one layout for the scroll and the focus.
    const from = scroll();
    const to = revealed(r, c);
    batch(() => {
      setFocus({ row: r, col: c });
      if (to.top !== from.top || to.left !== from.left) setScroll(to);
    });
    // Solid renders synchronously: the cell is usually there now, so a key typed next lands in it.
    if (!focusCell(r, c)) queueMicrotask(() => focusCell(r, c));
    applyScroll(from, to);
    const student = rows()[r];
    const lesson = cols()[c];
    if (student && lesson) props.onFocusCell?.(cellKey(student.id, lesson.id));
  }

  function commit(edit: { studentId: string; lessonId: string; text: string }): void {
    setEditing(null);
    if (props.readOnly) return;
    actions.write(edit.studentId, edit.lessonId, edit.text, props.workType);
  }

  const pageRows = () => Math.max(1, Math.floor(rowsViewport() / GRID_SIZES.row) - 1);

  function onKeyDown(e: KeyboardEvent): void {
    const f = focus();
    const edit = editing();
    if (e.altKey && e.key === "ArrowDown" && !props.readOnly) {
      // J5: the work-type picker; an entry being typed is written first, as leaving the cell would.
      e.preventDefault();
      if (edit) commit(edit);
      const lesson = cols()[f.col];
      if (lesson) props.onPickWorkType?.(e.shiftKey ? "lesson" : "cells", lesson.id);
      return;
    }
    if (edit) {
      if (e.key === "Enter") {
        e.preventDefault();
        commit(edit);
        moveTo(f.row + (e.shiftKey ? -1 : 1), f.col);
      } else if (e.key === "Tab") {
        e.preventDefault();
        commit(edit);
        moveTo(f.row, f.col + (e.shiftKey ? -1 : 1));
      } else if (e.key === "Escape") {
        e.preventDefault();
        setEditing(null);
        moveTo(f.row, f.col);
      } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        e.preventDefault();
        commit(edit);
        moveTo(f.row + (e.key === "ArrowUp" ? -1 : 1), f.col);
      }
      return;
    }
    const student = rows()[f.row];
    const lesson = cols()[f.col];
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && !props.readOnly && (e.code === "KeyZ" || e.code === "KeyY" || ["z", "я", "y", "н"].includes(e.key.toLowerCase()))) {
      e.preventDefault();
      const redo = e.code === "KeyY" || e.key.toLowerCase() === "y" || e.key.toLowerCase() === "н" || e.shiftKey;
      if (redo) actions.redo();
      else actions.undo();
      return;
    }
    if (e.key.startsWith("Arrow")) {
      e.preventDefault();
      if (e.shiftKey) setAnchor(anchor() ?? f);
      else setAnchor(null);
      const [dr, dc] = e.key === "ArrowUp" ? [-1, 0] : e.key === "ArrowDown" ? [1, 0] : e.key === "ArrowLeft" ? [0, -1] : [0, 1];
      return moveTo(f.row + dr, f.col + dc);
    }
    switch (e.key) {
      case "Tab":
        // Leaving the grid from its edges keeps Tab usable for the rest of the page.
        if ((e.shiftKey && f.col === 0) || (!e.shiftKey && f.col === cols().length - 1)) return;
        e.preventDefault();
        return moveTo(f.row, f.col + (e.shiftKey ? -1 : 1));
      case "Home": e.preventDefault(); return moveTo(ctrl ? 0 : f.row, 0);
      case "End": e.preventDefault(); return moveTo(ctrl ? rows().length - 1 : f.row, cols().length - 1);
      case "PageDown": e.preventDefault(); return moveTo(f.row + pageRows(), f.col);
      case "PageUp": e.preventDefault(); return moveTo(f.row - pageRows(), f.col);
      case "Enter":
        e.preventDefault();
        if (student && lesson && !props.readOnly) {
          setEditing({ key: cellKey(student.id, lesson.id), studentId: student.id, lessonId: lesson.id, text: state.cells[cellKey(student.id, lesson.id)]?.value ?? "" });
          moveTo(f.row, f.col);
        }
        return;
      case "Delete":
      case "Backspace":
        e.preventDefault();
        if (props.readOnly) return;
        if (selection()) clearSelection();
        else if (student && lesson) actions.clear(student.id, lesson.id);
        return;
    }
    // A key typed while the focused cell is scrolled away (or the keyboard is elsewhere in the grid): bring it back first.
    if (e.key.length === 1 && !ctrl && !e.altKey) {
      const to = revealed(f.row, f.col);
      if (to.top !== scroll().top || to.left !== scroll().left || (e.target as HTMLElement) !== editor) moveTo(f.row, f.col);
    }
    // Any other key types into the focused cell's input, which starts an entry.
  }

  function blockOf(): { top: number; bottom: number; left: number; right: number } {
    const f = focus();
    return selection() ?? { top: f.row, bottom: f.row, left: f.col, right: f.col };
  }

  function clearSelection(): void {
    const r = blockOf();
    const cells: Array<{ studentId: string; lessonId: string; input: string }> = [];
    for (let row = r.top; row <= r.bottom; row++) {
      for (let col = r.left; col <= r.right; col++) {
        const s = rows()[row];
        const l = cols()[col];
        if (s && l && state.cells[cellKey(s.id, l.id)]) cells.push({ studentId: s.id, lessonId: l.id, input: "" });
      }
    }
    actions.writeBlock(cells, props.workType);
  }

  /** Copies the selected block (or the focused cell) as tab-separated text, as spreadsheets do. */
  function onCopy(e: ClipboardEvent): void {
    if (editing()) return;
    const r = blockOf();
    const lines: string[] = [];
    for (let row = r.top; row <= r.bottom; row++) {
      const student = rows()[row];
      const values: string[] = [];
      for (let col = r.left; col <= r.right; col++) values.push(student && cols()[col] ? (state.cells[cellKey(student.id, cols()[col]!.id)]?.value ?? "") : "");
      lines.push(values.join("\t"));
    }
    e.clipboardData?.setData("text/plain", lines.join("\n"));
    e.preventDefault();
  }

  /** Pastes a block from the focused cell on: each value checked like a typed one. */
  function onPaste(e: ClipboardEvent): void {
    if (editing() || props.readOnly) return;
    const text = e.clipboardData?.getData("text/plain") ?? "";
    if (!text) return;
    e.preventDefault();
    const f = focus();
    const cells: Array<{ studentId: string; lessonId: string; input: string }> = [];
    text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach((line, dr) => {
      line.split("\t").forEach((input, dc) => {
        const student = rows()[f.row + dr];
        const lesson = cols()[f.col + dc];
        if (student && lesson) cells.push({ studentId: student.id, lessonId: lesson.id, input });
      });
    });
    actions.writeBlock(cells, props.workType);
  }

  createEffect(() => {
    if (!props.onSelectionChange) return;
    const r = blockOf();
    const cells: Array<{ studentId: string; lessonId: string }> = [];
    for (let row = r.top; row <= r.bottom; row++) {
      for (let col = r.left; col <= r.right; col++) {
        const s = rows()[row];
        const l = cols()[col];
        if (s && l) cells.push({ studentId: s.id, lessonId: l.id });
      }
    }
    props.onSelectionChange(cells);
  });

  // The focused cell's input goes away when its cell scrolls out: keep the keyboard in the grid.
  let refocusing = false;
  function keepKeyboard(): void {
    queueMicrotask(() => {
      if (document.activeElement === document.body || document.activeElement === null) {
        refocusing = true;
        scroller.focus({ preventScroll: true });
        refocusing = false;
      }
    });
  }

  function Cell(cellProps: { row: number; col: number }): JSX.Element {
    const { row, col } = cellProps;
    const student = () => rows()[row];
    const lesson = () => cols()[col];
    // A memo: every binding below reads the key, and recomputing it means reading the store's roster and lessons.
    const key = createMemo(() => (student() && lesson() ? cellKey(student()!.id, lesson()!.id) : ""));
    const entry = () => state.cells[key()];
    const status = () => state.status[key()];
    const focused = () => isFocused(`${row}:${col}`);
    let td!: HTMLTableCellElement;
    // Reading: the focused cell itself has the keyboard; when it scrolls out, keep the keyboard in the grid.
    onCleanup(() => {
      if (props.readOnly && td.contains(document.activeElement)) keepKeyboard();
    });
    const reason = () => {
      const s = status();
      return s && s.state !== "pending" ? errorText(s.code) : undefined;
    };
    const others = () => props.presence?.[key()] ?? [];
    return (
      <td
        ref={td}
        role="gridcell"
        id={cellId(row, col)}
        classList={{ cursor: focused() }}
        aria-colindex={col + 2}
        tabindex={focused() && props.readOnly ? 0 : -1}
        data-row={row}
        data-col={col}
        data-student-id={student()?.id}
        data-lesson-id={lesson()?.id}
        data-state={status()?.state ?? "saved"}
        data-work-type={entry()?.workType}
        aria-selected={inSelection(row, col) ? "true" : undefined}
        data-others={others().join(", ") || undefined}
        aria-invalid={reason() ? "true" : undefined}
        aria-description={reason()}
        title={reason() ?? [workTypeName(entry()?.workType), others().length ? `Здесь: ${others().join(", ")}` : ""].filter(Boolean).join("\n")}
        // The editor keeps the focus: a click moves it here, it does not take the focus away.
        onMouseDown={(e) => !props.readOnly && e.preventDefault()}
        onClick={(e) => {
          if (e.shiftKey) setAnchor(anchor() ?? focus());
          else setAnchor(null);
          const ed = editing();
          if (ed && ed.key !== key()) commit(ed);
          moveTo(row, col);
        }}
      >
        {/* Left as it is while an entry is typed: the editor's opaque box covers it, and a cell's text changed in a table is a layout of the table in the keystroke's frame. */}
        <span class="value">{entry()?.value ?? ""}</span>
        {/* What most cells lack (waiting to sync, someone else here, a refusal) is one computation, not one per kind: rows are created at every scroll step. */}
        {(() => {
          const pending = status()?.state === "pending";
          const here = others();
          const why = reason();
          if (!pending && here.length === 0 && !why) return null;
          return [
            pending && <span class="visually-hidden">ожидает отправки</span>,
            here.length > 0 && <span class="presence-tag" aria-label={`Здесь: ${here.join(", ")}`}>{here[0]!.slice(0, 1)}</span>,
            why && <span class="cell-error" role="tooltip">{why}</span>,
          ];
        })()}
      </td>
    );
  }

  /**
   * A row's period columns: one sticky box holds them all, each a gridcell
   * of the row (the box itself is presentational). A sticky box per column
   * was a layer per cell for the compositor (eight a row in the year view),
   * and every frame paid for each.
   */
  function StatCells(statProps: { row: number }): JSX.Element {
    const student = () => rows()[statProps.row];
    const sum = createMemo(() => (student() ? periodSummary(state, weights(), student()!.id, cols(), props.statsKind) : null));
    const lessonCount = () => cols().length;
    return (
      <td class="stats" role="presentation" colspan={statColumns().length}>
        <div class="stats-row" style={{ height: px(GRID_SIZES.row - 1) }}>
          <For each={statColumns()}>
            {(column, i) => {
              const colindex = () => 2 + lessonCount() + i();
              const width = { width: px(column.width) };
              if (column.kind === "average") return <div role="gridcell" class="stat" aria-colindex={colindex()} style={width} data-average-of={student()?.id}>{sum()?.average?.toFixed(2) ?? "—"}</div>;
              if (column.kind === "suggested") return <div role="gridcell" class="stat" aria-colindex={colindex()} style={width} data-suggested-of={student()?.id}>{sum()?.suggested ?? ""}</div>;
              if (column.kind === "count") {
                const few = () => (sum()?.missing ?? 0) > 0;
                return (
                  <div role="gridcell" class="stat" classList={{ few: few() }} aria-colindex={colindex()} style={width} data-count-of={student()?.id} title={few() ? `Мало отметок: не хватает ${sum()!.missing}` : ""}>
                    {sum()?.count ?? 0}
                    <Show when={few()}><span class="warn" aria-label={`мало отметок, не хватает ${sum()!.missing}`}>!</span></Show>
                  </div>
                );
              }
              const period = column.period!;
              const markKey = () => (student() ? cellKey(student()!.id, period.id) : "");
              const status = () => state.status[`period:${markKey()}`];
              return (
                <div role="gridcell" class="stat final" aria-colindex={colindex()} style={width} data-state={status()?.state ?? "saved"}>
                  <input
                    class="period-input"
                    data-period-mark={student()?.id}
                    data-period-id={period.id}
                    aria-label={`${period.name}, итоговая отметка: ${student()?.surname ?? ""} ${student()?.name ?? ""}`}
                    value={state.periodMarks[markKey()]?.value ?? ""}
                    readOnly={props.readOnly}
                    onKeyDown={(e) => e.stopPropagation()}
                    onChange={(e) => student() && actions.writePeriodMark(student()!.id, period.id, e.currentTarget.value)}
                  />
                  <Show when={status() && status()!.state !== "pending"}>
                    <span class="cell-error" role="tooltip">{errorText((status() as { code: string }).code)}</span>
                  </Show>
                </div>
              );
            }}
          </For>
        </div>
      </td>
    );
  }

  const spacer = (width: () => number) => <td class="spacer" role="presentation" aria-hidden="true" style={{ width: px(width()) }} />;
  const leftSpace = () => colSpan().start * GRID_SIZES.col;
  const rightSpace = () => (cols().length - colSpan().end) * GRID_SIZES.col;

  return (
    <>
    <div
      class="grid-scroll"
      ref={scroller}
      tabindex="-1"
      data-testid="grid-scroll"
      onScroll={readScroll}
      onKeyDown={onKeyDown}
      onCopy={onCopy}
      onPaste={onPaste}
      onFocus={(e) => {
        // Tabbing into the grid lands on the focused cell.
        if (!refocusing && e.target === scroller && !scroller.contains(e.relatedTarget as Node | null) && e.relatedTarget) moveTo(focus().row, focus().col);
      }}
    >
      <table
        role="grid"
        aria-multiselectable="true"
        aria-describedby={keysId}
        aria-label={`${state.meta?.className ?? ""} — ${state.meta?.subjectName ?? ""}`}
        aria-rowcount={rows().length + 1}
        aria-colcount={colCount()}
        style={{ width: px(totalWidth()) }}
      >
        <colgroup>
          <col style={{ width: px(nameWidth()) }} />
          <col style={{ width: px(leftSpace()) }} />
          <For each={colIndexes()}>{() => <col style={{ width: px(GRID_SIZES.col) }} />}</For>
          <col style={{ width: px(rightSpace()) }} />
          <For each={statColumns()}>{(c) => <col style={{ width: px(c.width) }} />}</For>
        </colgroup>
        <thead>
          <tr aria-rowindex={1} style={{ height: px(GRID_SIZES.head) }}>
            <th scope="col" class="name-col" aria-colindex={1}>Ученик</th>
            {spacer(leftSpace)}
            <For each={colIndexes()}>
              {(c) => {
                const lesson = () => cols()[c];
                return (
                  <th
                    scope="col"
                    class="lesson-col"
                    aria-colindex={c + 2}
                    classList={{ today: lesson()?.date === props.today }}
                    data-work-type={lesson()?.workType ?? undefined}
                    onClick={() => lesson() && props.onSelectLesson?.(lesson()!.id)}
                    title={[lesson()?.topic, lesson()?.workType ? `Вид работы: ${workTypeName(lesson()!.workType!)}` : "", lesson()?.substituteName ? `Замена: ${lesson()!.substituteName}` : ""].filter(Boolean).join("\n")}
                    data-lesson-id={lesson()?.id}
                    data-lesson-date={lesson()?.date}
                  >
                    <button type="button" class="lesson-button" tabindex="-1" aria-label={`Урок ${lesson()?.date.split("-").reverse().join(".")}, ${lesson()?.slot}-й: открыть`}>
                      {shortDate(lesson()?.date ?? "")}
                    </button>
                    <Show when={lesson()?.workType}><span class="work-mark" aria-label={workTypeName(lesson()!.workType!)}>{workTypeName(lesson()!.workType!).slice(0, 1)}</span></Show>
                    <Show when={lesson()?.substituteName}><span class="sub-mark" aria-label="замена">з</span></Show>
                  </th>
                );
              }}
            </For>
            {spacer(rightSpace)}
            <th class="stats" role="presentation" colspan={statColumns().length}>
              <div class="stats-row" style={{ height: px(GRID_SIZES.head - 1) }}>
                <For each={statColumns()}>
                  {(c, i) => <div role="columnheader" class="stat-col" aria-colindex={2 + cols().length + i()} style={{ width: px(c.width) }} title={c.title} data-period-id={c.period?.id}>{c.label}</div>}
                </For>
              </div>
            </th>
          </tr>
        </thead>
        <tbody>
          <Show when={rowSpan().start > 0}>
            <tr class="spacer-row" aria-hidden="true" role="presentation" style={{ height: px(rowSpan().start * GRID_SIZES.row) }}><td colspan={colCount() + 2} /></tr>
          </Show>
          <For each={rowIndexes()}>
            {(row) => {
              const student = () => rows()[row];
              return (
                <tr aria-rowindex={row + 2} style={{ height: px(GRID_SIZES.row) }} data-row-of={student()?.id}>
                  <th scope="row" class="name-col" aria-colindex={1}>
                    {student()?.surname} {student()?.name}
                    <Show when={student()?.leftOn}><span class="left-mark"> (выбыл)</span></Show>
                  </th>
                  {spacer(leftSpace)}
                  <For each={colIndexes()}>{(col) => <Cell row={row} col={col} />}</For>
                  {spacer(rightSpace)}
                  <StatCells row={row} />
                </tr>
              );
            }}
          </For>
          <Show when={rowSpan().end < rows().length}>
            <tr class="spacer-row" aria-hidden="true" role="presentation" style={{ height: px((rows().length - rowSpan().end) * GRID_SIZES.row) }}><td colspan={colCount() + 2} /></tr>
          </Show>
        </tbody>
      </table>
      {/* A real input, so any keyboard (a Russian layout, a tablet's IME) can type into it; it names the cell it is over. */}
      <Show when={!props.readOnly && rows().length > 0 && cols().length > 0}>
        {/* In a form of its own: Chromium's autofill looks at the form of a field being typed into after each
            keystroke, and a field in no form shares one with every other (a year's period-mark inputs). */}
        <form class="cell-form" onSubmit={(e) => e.preventDefault()}>
          <input
            ref={editor}
            class="cell-input"
            classList={{ catcher: !editing() }}
            style={{ top: px(GRID_SIZES.head + focus().row * GRID_SIZES.row + 2), left: px(nameWidth() + focus().col * GRID_SIZES.col + 2), width: px(GRID_SIZES.col - 5), height: px(GRID_SIZES.row - 5) }}
            data-cell-input={cursorKey()}
            aria-activedescendant={cellId(focus().row, focus().col)}
            aria-describedby={keysId}
            aria-keyshortcuts="Alt+ArrowDown Alt+Shift+ArrowDown Control+Z Control+Y"
            aria-label={cursorLabel()}
            value={editing()?.text ?? ""}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => {
              const student = rows()[focus().row];
              const lesson = cols()[focus().col];
              if (student && lesson) setEditing({ key: cellKey(student.id, lesson.id), studentId: student.id, lessonId: lesson.id, text: e.currentTarget.value });
            }}
            onBlur={() => {
              const ed = editing();
              if (ed) commit(ed);
            }}
          />
        </form>
      </Show>
    </div>
    <p id={keysId} class="grid-keys">Клавиши: {GRID_KEYS}</p>
    </>
  );
}
