/** A journal page: its title, period and work-type choice, sync state, and the grid. */
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import type { PageSummary, UserInfo } from "../../shared/api.ts";
import { createJournalStore } from "../stores/journal-store.ts";
import { JournalGrid } from "./JournalGrid.tsx";
import { SyncBanner } from "./SyncBanner.tsx";
import { LessonEditor } from "./LessonEditor.tsx";
import { errorText } from "../i18n/error-text.ts";
import { localTime } from "../../shared/school-time.ts";
import type { Period } from "../../shared/journal-schema.ts";
import type { PeriodKind } from "../../shared/averages.ts";

/** Focuses a select and opens its list where the browser can (a key press allows it). */
function openPicker(select: HTMLSelectElement | undefined): void {
  if (!select) return;
  select.focus();
  try {
    select.showPicker?.();
  } catch {
    // Not allowed here (no user gesture) or not supported: the focused select opens with Alt+Down or Space.
  }
}

/** The period choice that shows the whole year. */
const YEAR = "year";

export interface JournalViewProps {
  page: PageSummary;
  user: UserInfo;
  onSessionEnded: () => void;
}

/** The period containing today, else the last one that started, else the first. */
function currentPeriod(periods: Period[], today: string): Period | null {
  return periods.find((p) => p.start <= today && today <= p.end) ?? [...periods].reverse().find((p) => p.start <= today) ?? periods[0] ?? null;
}

export function JournalView(props: JournalViewProps): JSX.Element {
  const { journal: store, presence } = createJournalStore(props.page.pageId, props.page.docName, props.user, props.page.access, props.onSessionEnded);
  const [state] = store;
  const [others, presenceActions] = presence;
  const [lessonId, setLessonId] = createSignal<string | null>(null);
  const selectedLesson = createMemo(() => state.lessons.find((l) => l.id === lessonId()) ?? null);
  const [periodId, setPeriodId] = createSignal<string | null>(null);
  const [workType, setWorkType] = createSignal("answer");
  const [selected, setSelected] = createSignal<Array<{ studentId: string; lessonId: string }>>([]);
  const [notice, setNotice] = createSignal<string | null>(null);
  let grid: { focus(): void } | undefined;
  let cellTypePicker: HTMLSelectElement | undefined;
  const retype = (select: HTMLSelectElement) => {
    const type = select.value;
    select.value = "";
    if (!type) return;
    const refused = store[1].setWorkType(selected(), type);
    setNotice(refused > 0 ? `Не изменено отметок: ${refused} (причина — в ячейке).` : null);
    grid?.focus();
  };
  /** J5 from the keyboard (Alt+Down in the grid): the picker for the selected marks, or the lesson's own in its editor. */
  const pickWorkType = (scope: "cells" | "lesson", lesson: string) => {
    if (scope === "cells") return openPicker(cellTypePicker);
    setLessonId(lesson);
    openPicker(document.querySelector<HTMLSelectElement>('[data-testid="lesson-editor"] select[name="lesson-work-type"]') ?? undefined);
  };
  const backToGrid = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      grid?.focus();
    }
  };
  const today = () => localTime(Date.now(), state.meta?.rules.timeZone ?? "Europe/Moscow").date;
  /** The whole year on one page: every lesson, the year's average and every period's final mark. */
  const wholeYear = () => periodId() === YEAR;
  const period = createMemo(() => {
    const periods = state.meta?.periods ?? [];
    return periods.find((p) => p.id === periodId()) ?? currentPeriod(periods, today());
  });
  const lessons = createMemo(() => {
    const p = period();
    return p && !wholeYear() ? state.lessons.filter((l) => l.date >= p.start && l.date <= p.end) : state.lessons;
  });
  const finals = createMemo(() => (wholeYear() ? state.meta?.periods ?? [] : period() ? [period()!] : []));
  const statsKind = (): PeriodKind => (wholeYear() ? "year" : (state.meta?.rules.periodKind ?? "quarter"));

  return (
    <section class="journal" aria-labelledby="page-title">
      <header class="journal-head">
        <h1 id="page-title">{props.page.className}{props.page.groupName ? ` (${props.page.groupName})` : ""} — {props.page.subjectName}</h1>
        <span class="teacher">{props.page.teacherName}</span>
        <Show when={props.page.access === "read"}><span class="badge">только чтение</span></Show>
      </header>
      <Show when={state.refused}>
        <p class="refusal" role="alert">{errorText(state.refused!)}</p>
      </Show>
      <Show when={!state.refused}>
        <SyncBanner connection={state.connection} synced={state.synced} unsynced={state.unsynced} />
        <div class="toolbar">
          <label>
            Период{" "}
            <select name="period" onChange={(e) => setPeriodId(e.currentTarget.value)}>
              {/* `selected` per option: a select's value set before its options exist is lost. */}
              <For each={state.meta?.periods ?? []}>{(p) => <option value={p.id} selected={!wholeYear() && p.id === period()?.id}>{p.name}</option>}</For>
              <option value={YEAR} selected={wholeYear()}>Весь год</option>
            </select>
          </label>
          <label>
            Вид работы{" "}
            <select name="work-type" onChange={(e) => setWorkType(e.currentTarget.value)}>
              <For each={state.meta?.rules.workTypes ?? []}>{(w) => <option value={w.id} selected={w.id === workType()}>{w.name} (вес {w.weight})</option>}</For>
            </select>
          </label>
          <Show when={props.page.access === "write"}>
            <label>
              Выделенные отметки{" "}
              <select name="cell-work-type" ref={cellTypePicker} aria-keyshortcuts="Alt+ArrowDown" onChange={(e) => retype(e.currentTarget)} onKeyDown={backToGrid}>
                <option value="" selected>изменить вид работы…</option>
                <For each={state.meta?.rules.workTypes ?? []}>{(w) => <option value={w.id}>{w.name}</option>}</For>
              </select>
            </label>
            <button type="button" onClick={() => setLessonId(selected()[0]?.lessonId ?? null)} disabled={selected().length === 0}>Урок…</button>
          </Show>
        </div>
        <Show when={notice()}><p class="notice" role="status">{notice()}</p></Show>
        <Show when={others.others.length > 0}>
          <p class="presence" data-testid="presence">На странице также: {others.others.map((o) => o.name).join(", ")}</p>
        </Show>
        <Show when={selectedLesson()}>
          {(lesson) => <LessonEditor lesson={lesson()} store={store} readOnly={props.page.access !== "write"} onClose={() => setLessonId(null)} />}
        </Show>
        <Show when={state.ready} fallback={<p class="loading">Загрузка страницы…</p>}>
          <JournalGrid
            store={store}
            lessons={lessons()}
            finals={finals()}
            statsKind={statsKind()}
            today={today()}
            workType={workType()}
            readOnly={props.page.access !== "write"}
            presence={others.byCell}
            onSelectLesson={setLessonId}
            onFocusCell={presenceActions.focusCell}
            onSelectionChange={setSelected}
            onPickWorkType={pickWorkType}
            controls={(api) => (grid = api)}
          />
        </Show>
      </Show>
    </section>
  );
}
