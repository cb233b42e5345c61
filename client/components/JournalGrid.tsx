/**
 * The journal grid: students as rows, lessons as dated columns, the period's
 * average, suggested mark and final mark on the right (J1, J6, J7).
 * Keyboard first: arrows, Tab and Enter move; typing starts an entry; Enter
 * or Tab commits; Escape cancels; Delete clears.
 */
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import type { JournalState, JournalStore } from "../stores/journal-store.ts";
import { cellKey, type LessonInfo } from "../../shared/journal-schema.ts";
import { summarizePeriod, type WeightedMark } from "../../shared/averages.ts";
import type { Period } from "../../shared/journal-schema.ts";
import { errorText } from "../i18n/error-text.ts";

export interface JournalGridProps {
  store: JournalStore;
  lessons: LessonInfo[];
  period: Period | null;
  workType: string;
  readOnly: boolean;
  /** Cell key -> names of the other people whose cursor is on it. */
  presence?: Record<string, string[]>;
  onSelectLesson?: (lessonId: string) => void;
  onFocusCell?: (key: string) => void;
}

const shortDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

function periodSummary(state: JournalState, studentId: string, lessons: LessonInfo[]) {
  const weights = new Map((state.meta?.rules.workTypes ?? []).map((w) => [w.id, w.weight]));
  const marks: WeightedMark[] = [];
  for (const l of lessons) {
    const e = state.cells[cellKey(studentId, l.id)];
    if (e?.workType) marks.push({ value: e.value, weight: weights.get(e.workType) ?? 1 });
  }
  return summarizePeriod(marks, state.meta?.rules.periodKind ?? "quarter");
}

export function JournalGrid(props: JournalGridProps): JSX.Element {
  const [state, actions] = props.store;
  const [focus, setFocus] = createSignal({ row: 0, col: 0 });
  const [editing, setEditing] = createSignal<{ key: string; text: string } | null>(null);
  // The other corner of a Shift+arrow selection, for copying a block.
  const [anchor, setAnchor] = createSignal<{ row: number; col: number } | null>(null);
  const range = createMemo(() => {
    const f = focus();
    const a = anchor() ?? f;
    return { top: Math.min(a.row, f.row), bottom: Math.max(a.row, f.row), left: Math.min(a.col, f.col), right: Math.max(a.col, f.col) };
  });
  const inRange = (row: number, col: number) => {
    const r = range();
    return anchor() !== null && row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
  };
  let table!: HTMLTableElement;

  const rows = () => state.roster;
  const cols = () => props.lessons;

  const cellAt = (row: number, col: number) => table?.querySelector<HTMLElement>(`td[data-row="${row}"][data-col="${col}"]`);

  function moveTo(row: number, col: number): void {
    const r = Math.max(0, Math.min(rows().length - 1, row));
    const c = Math.max(0, Math.min(cols().length - 1, col));
    setFocus({ row: r, col: c });
    const student = rows()[r];
    const lesson = cols()[c];
    if (student && lesson) props.onFocusCell?.(cellKey(student.id, lesson.id));
    queueMicrotask(() => {
      const td = cellAt(r, c);
      (td?.querySelector<HTMLInputElement>("input.cell-input") ?? td)?.focus();
    });
  }

  function commit(text: string): void {
    const f = focus();
    const student = rows()[f.row];
    const lesson = cols()[f.col];
    setEditing(null);
    if (!student || !lesson || props.readOnly) return;
    actions.write(student.id, lesson.id, text, props.workType);
  }

  function onKeyDown(e: KeyboardEvent): void {
    const f = focus();
    const edit = editing();
    if (edit) {
      if (e.key === "Enter") {
        e.preventDefault();
        commit(edit.text);
        moveTo(f.row + 1, f.col);
      } else if (e.key === "Tab") {
        e.preventDefault();
        commit(edit.text);
        moveTo(f.row, f.col + (e.shiftKey ? -1 : 1));
      } else if (e.key === "Escape") {
        e.preventDefault();
        setEditing(null);
        moveTo(f.row, f.col);
      } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        e.preventDefault();
        commit(edit.text);
        moveTo(f.row + (e.key === "ArrowUp" ? -1 : 1), f.col);
      }
      return;
    }
    const student = rows()[f.row];
    const lesson = cols()[f.col];
    if ((e.ctrlKey || e.metaKey) && !props.readOnly && (e.key === "z" || e.key === "я" || e.key === "y" || e.key === "н")) {
      e.preventDefault();
      if ((e.key === "z" || e.key === "я") && !e.shiftKey) actions.undo();
      else actions.redo();
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
      case "Tab": e.preventDefault(); return moveTo(f.row, f.col + (e.shiftKey ? -1 : 1));
      case "Enter":
        e.preventDefault();
        if (student && lesson && !props.readOnly) {
          setEditing({ key: cellKey(student.id, lesson.id), text: state.cells[cellKey(student.id, lesson.id)]?.value ?? "" });
          moveTo(f.row, f.col);
        }
        return;
      case "Delete":
      case "Backspace":
        e.preventDefault();
        if (student && lesson && !props.readOnly) actions.clear(student.id, lesson.id);
        return;
    }
    // Any other key types into the focused cell's input, which starts an entry.
  }

  /** Copies the selected block (or the focused cell) as tab-separated text, as spreadsheets do. */
  function onCopy(e: ClipboardEvent): void {
    if (editing()) return;
    const r = anchor() ? range() : { top: focus().row, bottom: focus().row, left: focus().col, right: focus().col };
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

  const summaries = createMemo(() => new Map(rows().map((s) => [s.id, periodSummary(state, s.id, cols())])));

  return (
    <div class="grid-scroll">
      <table ref={table} role="grid" aria-multiselectable="true" aria-label={`${state.meta?.className ?? ""} — ${state.meta?.subjectName ?? ""}`} aria-rowcount={rows().length + 1} onKeyDown={onKeyDown} onCopy={onCopy} onPaste={onPaste}>
        <thead>
          <tr>
            <th scope="col" class="name-col">Ученик</th>
            <For each={cols()}>
              {(lesson) => (
                <th scope="col" class="lesson-col" onClick={() => props.onSelectLesson?.(lesson.id)} title={[lesson.topic, lesson.substituteName ? `Замена: ${lesson.substituteName}` : ""].filter(Boolean).join("\n")} data-lesson-id={lesson.id} data-lesson-date={lesson.date}>
                  {shortDate(lesson.date)}
                  <Show when={lesson.substituteName}><span class="sub-mark" aria-label="замена">з</span></Show>
                </th>
              )}
            </For>
            <Show when={props.period}>
              <th scope="col" class="stat-col" title="Средний балл с учётом веса работ">Ср.</th>
              <th scope="col" class="stat-col" title="Рекомендуемая отметка">Рек.</th>
              <th scope="col" class="stat-col" title={`Отметка за период: ${props.period!.name}`}>Итог</th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(student, row) => (
              <tr aria-rowindex={row() + 2}>
                <th scope="row" class="name-col">
                  {student.surname} {student.name}
                  <Show when={student.leftOn}><span class="left-mark"> (выбыл)</span></Show>
                </th>
                <For each={cols()}>
                  {(lesson, col) => {
                    const key = cellKey(student.id, lesson.id);
                    const status = () => state.status[key];
                    const focused = () => focus().row === row() && focus().col === col();
                    const reason = () => {
                      const s = status();
                      return s && s.state !== "pending" ? errorText(s.code) : undefined;
                    };
                    return (
                      <td
                        role="gridcell"
                        tabindex={focused() && props.readOnly ? 0 : -1}
                        data-row={row()}
                        data-col={col()}
                        data-student-id={student.id}
                        data-lesson-id={lesson.id}
                        data-state={status()?.state ?? "saved"}
                        aria-selected={inRange(row(), col()) ? "true" : undefined}
                        data-others={(props.presence?.[key] ?? []).join(", ") || undefined}
                        aria-invalid={reason() ? "true" : undefined}
                        aria-description={reason()}
                        title={reason() ?? state.cells[key]?.workType ?? ""}
                        onClick={(e) => {
                          if (e.shiftKey) setAnchor(anchor() ?? focus());
                          else setAnchor(null);
                          moveTo(row(), col());
                        }}
                      >
                        <Show when={editing()?.key !== key}>
                          <span class="value">{state.cells[key]?.value ?? ""}</span>
                        </Show>
                        {/* The focused cell holds a real input, so any keyboard (a Russian layout, a tablet's IME) can type into it. */}
                        <Show when={focused() && !props.readOnly}>
                          <input
                            class="cell-input"
                            classList={{ catcher: editing()?.key !== key }}
                            data-cell-input={key}
                            aria-label={`${student.surname} ${student.name}, ${shortDate(lesson.date)}: ${state.cells[key]?.value ?? "пусто"}`}
                            value={editing()?.key === key ? editing()!.text : ""}
                            autocomplete="off"
                            onInput={(e) => setEditing({ key, text: e.currentTarget.value })}
                            onBlur={() => {
                              const ed = editing();
                              if (ed?.key === key) commit(ed.text);
                            }}
                          />
                        </Show>
                        <Show when={reason()}>
                          <span class="cell-error" role="tooltip">{reason()}</span>
                        </Show>
                      </td>
                    );
                  }}
                </For>
                <Show when={props.period}>
                  {(() => {
                    const sum = () => summaries().get(student.id);
                    const periodKey = () => `period:${cellKey(student.id, props.period!.id)}`;
                    const finalMark = () => state.periodMarks[cellKey(student.id, props.period!.id)]?.value ?? "";
                    return (
                      <>
                        <td class="stat" data-average-of={student.id}>{sum()?.average?.toFixed(2) ?? "—"}</td>
                        <td class="stat" data-suggested-of={student.id} title={sum() && sum()!.missing > 0 ? `Мало отметок: не хватает ${sum()!.missing}` : ""}>
                          {sum()?.suggested ?? ""}
                          <Show when={sum() && sum()!.missing > 0}><span class="warn" aria-label={`не хватает отметок: ${sum()!.missing}`}>!</span></Show>
                        </td>
                        <td class="stat final" data-state={state.status[periodKey()]?.state ?? "saved"}>
                          <input
                            class="period-input"
                            data-period-mark={student.id}
                            aria-label={`Итоговая отметка: ${student.surname}`}
                            value={finalMark()}
                            readOnly={props.readOnly}
                            onChange={(e) => actions.writePeriodMark(student.id, props.period!.id, e.currentTarget.value)}
                          />
                          <Show when={state.status[periodKey()] && state.status[periodKey()]!.state !== "pending"}>
                            <span class="cell-error" role="tooltip">{errorText((state.status[periodKey()] as { code: string }).code)}</span>
                          </Show>
                        </td>
                      </>
                    );
                  })()}
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
