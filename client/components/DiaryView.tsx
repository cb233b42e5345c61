/**
 * A student's diary: the week (each day's lessons with topic, homework and
 * marks, D1) and the subjects (marks of the period with work types, the
 * weighted average, the forecast by the J7 rule and how many marks are still
 * missing, D3). New entries stay highlighted until seen (D2).
 */
import { AttachmentLink } from "./AttachmentLink.tsx";
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import { NotificationToggle } from "./NotificationToggle.tsx";
import type { DiarySummary } from "../../shared/api.ts";
import { createDiaryStore, type DiaryState } from "../stores/diary-store.ts";
import { SyncBanner } from "./SyncBanner.tsx";
import { errorText } from "../i18n/error-text.ts";
import { summarizePeriod } from "../../shared/averages.ts";
import { localTime } from "../../shared/school-time.ts";
import type { DiaryEntry } from "../../shared/diary-schema.ts";

const shortDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
const DAY = 86_400_000;
const WEEKDAYS = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота"];

function mondayOf(iso: string): string {
  const t = Date.parse(`${iso}T00:00:00Z`);
  const wd = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - wd * DAY).toISOString().slice(0, 10);
}
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** D1: a mark with its work type; what it was for (the lesson's topic) and who gave it in the tooltip. */
function Entry(props: { e: DiaryEntry; fresh: boolean; topic?: string }): JSX.Element {
  return (
    <span class="diary-entry" classList={{ fresh: props.fresh }} data-diary-entry={`${props.e.pageId}:${props.e.lessonId}`} title={[props.e.workType, props.topic, props.e.byName].filter(Boolean).join(" · ")}>
      <span class="date">{shortDate(props.e.date)}</span> <strong class="value">{props.e.value}</strong>
      <Show when={props.e.workType}> <span class="work-type">{props.e.workType}</span></Show>
    </span>
  );
}

function WeekView(props: { state: DiaryState }): JSX.Element {
  const today = localTime(Date.now(), "Europe/Moscow").date;
  const [monday, setMonday] = createSignal(mondayOf(today));
  const days = createMemo(() =>
    WEEKDAYS.map((name, i) => {
      const date = addDays(monday(), i);
      const lessons = Object.values(props.state.lessons).filter((l) => l && l.date === date).sort((a, b) => a.slot - b.slot);
      return { name, date, lessons };
    }).filter((d) => d.lessons.length > 0 || d.date <= addDays(monday(), 4)),
  );
  return (
    <section class="diary-week" aria-label="Неделя">
      <div class="week-nav">
        <button type="button" onClick={() => setMonday(addDays(monday(), -7))} aria-label="Предыдущая неделя">←</button>
        <span>Неделя с {shortDate(monday())} по {shortDate(addDays(monday(), 5))}</span>
        <button type="button" onClick={() => setMonday(addDays(monday(), 7))} aria-label="Следующая неделя">→</button>
      </div>
      <For each={days()}>
        {(day) => (
          <section class="diary-day" data-date={day.date}>
            <h3>{day.name}, {shortDate(day.date)}</h3>
            <Show when={day.lessons.length > 0} fallback={<p class="muted">Уроков нет</p>}>
              <table class="day-table">
                <tbody>
                  <For each={day.lessons}>
                    {(l) => {
                      const mark = () => props.state.entries[`${l.pageId}:${l.lessonId}`];
                      return (
                        <tr data-diary-lesson={`${l.pageId}:${l.lessonId}`}>
                          <td class="slot">{l.slot}</td>
                          <td class="subject">{l.subjectName}<Show when={l.substituteName}><span class="muted"> (замена: {l.substituteName})</span></Show></td>
                          <td class="topic">{l.topic}</td>
                          <td class="homework">
                            {l.homework}
                            <Show when={l.individualHomework}>{(own) => <div class="own-homework">Лично: {own()}</div>}</Show>
                            <For each={l.attachments ?? []}>{(a) => <div><AttachmentLink attachment={a} /></div>}</For>
                          </td>
                          <td class="mark"><Show when={mark()}>{(e) => <Entry e={e()} fresh={!!props.state.fresh[`${l.pageId}:${l.lessonId}`]} />}</Show></td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </Show>
          </section>
        )}
      </For>
    </section>
  );
}

function SubjectView(props: { state: DiaryState }): JSX.Element {
  const today = localTime(Date.now(), "Europe/Moscow").date;
  const current = () => props.state.periods.find((p) => p.start <= today && today <= p.end) ?? props.state.periods.filter((p) => p.start <= today).at(-1) ?? null;
  const [chosen, setChosen] = createSignal<string | null>(null);
  const period = createMemo(() => props.state.periods.find((p) => p.id === chosen()) ?? current());
  const subjects = createMemo(() => {
    const p = period();
    const groups = new Map<string, DiaryEntry[]>();
    for (const e of Object.values(props.state.entries)) {
      if (!e || (p && (e.date < p.start || e.date > p.end))) continue;
      groups.set(e.subjectName, [...(groups.get(e.subjectName) ?? []), e]);
    }
    for (const l of Object.values(props.state.lessons)) if (l && !groups.has(l.subjectName)) groups.set(l.subjectName, []);
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b, "ru"))
      .map(([subject, list]) => {
        const sorted = list.sort((a, b) => (a.date === b.date ? a.slot - b.slot : a.date < b.date ? -1 : 1));
        const summary = summarizePeriod(sorted.filter((e) => e.weight !== null).map((e) => ({ value: e.value, weight: e.weight! })), props.state.periodKind);
        const final = Object.values(props.state.periodMarks).find((m) => m && m.subjectName === subject && m.periodId === p?.id);
        return { subject, entries: sorted, summary, final };
      });
  });
  return (
    <section class="diary-subjects" aria-label="Предметы">
      <Show when={props.state.periods.length > 1}>
        <nav class="children" aria-label="Период">
          <For each={props.state.periods.filter((p) => p.start <= today)}>
            {(p) => <button type="button" data-period-id={p.id} aria-pressed={p.id === period()?.id} onClick={() => setChosen(p.id)}>{p.name}</button>}
          </For>
        </nav>
      </Show>
      <Show when={period()}><h2>{period()!.name}</h2></Show>
      <table class="subjects-table">
        <thead>
          <tr><th scope="col">Предмет</th><th scope="col">Отметки</th><th scope="col">Средний балл</th><th scope="col">Прогноз</th><th scope="col">Итог</th></tr>
        </thead>
        <tbody>
          <For each={subjects()}>
            {(s) => (
              <tr data-diary-subject={s.subject}>
                <th scope="row">{s.subject}</th>
                <td class="marks"><For each={s.entries}>{(e) => <Entry e={e} fresh={!!props.state.fresh[`${e.pageId}:${e.lessonId}`]} topic={props.state.lessons[`${e.pageId}:${e.lessonId}`]?.topic} />}</For></td>
                <td data-average>{s.summary.average?.toFixed(2) ?? "—"}</td>
                <td data-forecast>
                  {s.summary.suggested ?? "—"}
                  <Show when={s.summary.missing > 0}><span class="muted"> (нужно ещё отметок: {s.summary.missing})</span></Show>
                </td>
                <td data-final>{s.final?.value ?? ""}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

/** D1, J6: the period marks, subject by period (and year, exam or final marks where the school keeps them as periods). */
function PeriodMarks(props: { state: DiaryState }): JSX.Element {
  const table = createMemo(() => {
    const marks = Object.values(props.state.periodMarks).filter(Boolean);
    const subjects = [...new Set(marks.map((m) => m.subjectName))].sort((a, b) => a.localeCompare(b, "ru"));
    const known = props.state.periods.map((p) => ({ id: p.id, name: p.name }));
    const extra = marks.filter((m) => !known.some((p) => p.id === m.periodId)).map((m) => ({ id: m.periodId, name: m.periodName }));
    const columns = [...known, ...extra.filter((p, i) => extra.findIndex((q) => q.id === p.id) === i)];
    return { subjects, columns, mark: (subject: string, periodId: string) => marks.find((m) => m.subjectName === subject && m.periodId === periodId) };
  });
  return (
    <section aria-label="Итоговые отметки">
      <h2>Итоговые отметки</h2>
      <table class="subjects-table period-marks">
        <thead>
          <tr><th scope="col">Предмет</th><For each={table().columns}>{(p) => <th scope="col">{p.name}</th>}</For></tr>
        </thead>
        <tbody>
          <For each={table().subjects}>
            {(subject) => (
              <tr>
                <th scope="row">{subject}</th>
                <For each={table().columns}>
                  {(p) => (
                    <td>
                      <Show when={table().mark(subject, p.id)}>
                        {(m) => <strong class="diary-entry" classList={{ fresh: !!props.state.fresh[`period:${m().pageId}:${m().periodId}`] }} data-period-mark-entry={`${m().pageId}:${m().periodId}`}>{m().value}</strong>}
                      </Show>
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

export function DiaryView(props: { diary: DiarySummary; siblings: DiarySummary[]; onSessionEnded: () => void }): JSX.Element {
  const [state, actions] = createDiaryStore(props.diary.docName, props.onSessionEnded);
  const [tab, setTab] = createSignal<"week" | "subjects">("week");
  return (
    <section class="diary" data-testid="diary" data-synced={state.synced} aria-labelledby="diary-title">
      <h1 id="diary-title">Дневник: {state.fullName || props.diary.fullName}, {state.className || props.diary.className}</h1>
      <Show when={props.siblings.length > 1}>
        <nav class="children" aria-label="Дети">
          <For each={props.siblings}>
            {(d) => <a href={`#/diary/${d.studentId}`} data-student-id={d.studentId} aria-current={d.studentId === props.diary.studentId ? "page" : undefined}>{d.fullName.split(" ").slice(0, 2).join(" ")}</a>}
          </For>
        </nav>
      </Show>
      <Show when={state.refused}><p class="refusal" role="alert">{errorText(state.refused!)}</p></Show>
      <SyncBanner connection={state.connection} synced={state.connection === "connected"} />
      <Show when={state.connection !== "connected" && state.syncedAt}>
        <p class="as-of">Данные на {new Date(state.syncedAt!).toLocaleString("ru-RU")}</p>
      </Show>
      <NotificationToggle />
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab() === "week"} onClick={() => setTab("week")}>Неделя</button>
        <button type="button" role="tab" aria-selected={tab() === "subjects"} onClick={() => setTab("subjects")}>Предметы</button>
        <button type="button" onClick={() => window.print()}>Печать</button>
      </div>
      <Show when={tab() === "week"} fallback={<SubjectView state={state} />}>
        <WeekView state={state} />
      </Show>
      <Show when={Object.keys(state.periodMarks).length > 0}>
        <PeriodMarks state={state} />
      </Show>
    </section>
  );
}
