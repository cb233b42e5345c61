/**
 * R6: the lessons of a day across the school, with their teachers; the
 * administrator or deputy gives a lesson to another teacher with a reason,
 * or takes the substitution back. The substitute then fills that lesson.
 */
import { createSignal, For, Show, type JSX } from "solid-js";
import { createSubstitutionsStore } from "../stores/setup-store.ts";
import { SetupRefusal } from "./SetupRefusal.tsx";
import type { DayLesson, DayLessons } from "../../shared/setup-api.ts";

/** Teachers who could take the lesson: the free ones at that time first, then the busy ones, marked. */
function candidates(day: DayLessons, lesson: DayLesson): Array<{ id: string; name: string; busyIn: string }> {
  const busy = new Map<string, string>();
  for (const other of day.lessons) if (other.slot === lesson.slot) busy.set(other.substitute?.teacherId ?? other.teacherId, other.className);
  return day.teachers
    .filter((t) => t.id !== lesson.teacherId)
    .map((t) => ({ ...t, busyIn: busy.get(t.id) ?? "" }))
    .sort((a, b) => Number(a.busyIn !== "") - Number(b.busyIn !== ""));
}

export function SubstitutionsView(props: { date: string | null }): JSX.Element {
  const [state, actions] = createSubstitutionsStore();
  void actions.load(props.date ?? "");
  const [choice, setChoice] = createSignal<Record<string, { teacherId: string; reason: string }>>({});
  const draft = (lessonId: string) => choice()[lessonId] ?? { teacherId: "", reason: "" };
  const setDraft = (lessonId: string, patch: Partial<{ teacherId: string; reason: string }>) => setChoice({ ...choice(), [lessonId]: { ...draft(lessonId), ...patch } });
  return (
    <section class="people substitutions" data-testid="substitutions">
      <h1>Замены уроков</h1>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); const d = (e.currentTarget.elements.namedItem("date") as HTMLInputElement).value; location.hash = `#/substitutions/${d}`; }}>
        <label>День<input type="date" name="date" value={state.day?.date ?? props.date ?? ""} /></label>
        <button type="submit">Показать</button>
      </form>
      <SetupRefusal refusal={state.refusal} />
      <Show when={state.day}>
        {(day) => (
          <Show when={day().lessons.length > 0} fallback={<p>В этот день уроков нет.</p>}>
            <table class="subjects-table">
              <thead><tr><th scope="col">Урок</th><th scope="col">Класс</th><th scope="col">Предмет</th><th scope="col">Учитель</th><th scope="col">Замена</th></tr></thead>
              <tbody>
                <For each={day().lessons}>
                  {(l) => (
                    <tr data-lesson={l.lessonId}>
                      <td>{l.slot}</td>
                      <td>{l.className}</td>
                      <td>{l.subjectName}</td>
                      <td>{l.teacherName}</td>
                      <td>
                        <Show when={l.substitute} fallback={
                          <Show when={day().canEdit} fallback="—">
                            <form class="inline-form" onSubmit={async (e) => {
                              e.preventDefault();
                              if (await actions.assign(l.lessonId, draft(l.lessonId).teacherId, draft(l.lessonId).reason)) setDraft(l.lessonId, { teacherId: "", reason: "" });
                            }}>
                              <select aria-label="Кто заменяет" value={draft(l.lessonId).teacherId} onChange={(e) => setDraft(l.lessonId, { teacherId: e.currentTarget.value })}>
                                <option value="">—</option>
                                <For each={candidates(day(), l)}>{(t) => <option value={t.id}>{t.name}{t.busyIn ? ` (занят: ${t.busyIn})` : ""}</option>}</For>
                              </select>
                              <input aria-label="Причина" placeholder="Причина" value={draft(l.lessonId).reason} onInput={(e) => setDraft(l.lessonId, { reason: e.currentTarget.value })} />
                              <button type="submit" disabled={state.busy}>Назначить</button>
                            </form>
                          </Show>
                        }>
                          {(s) => (
                            <span>
                              {s().name} — {s().reason}{" "}
                              <Show when={day().canEdit}><button type="button" disabled={state.busy} onClick={() => void actions.cancel(l.lessonId)}>Отменить замену</button></Show>
                            </span>
                          )}
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </section>
  );
}
