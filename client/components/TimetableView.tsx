/**
 * P3: a class's weekly timetable: weekdays x lessons (by the year's bells),
 * each cell one page of the class's teaching load. Saving changes the lesson
 * columns from tomorrow on; the answer says how many lessons were added,
 * removed, or kept because they already carry entries.
 */
import { For, Show, type JSX } from "solid-js";
import { createTimetableStore } from "../stores/setup-store.ts";
import { WEEKDAYS } from "../i18n/setup-labels.ts";
import { SetupRefusal } from "./SetupRefusal.tsx";

export function TimetableView(props: { classId: string; canEdit: boolean }): JSX.Element {
  const [state, actions] = createTimetableStore();
  void actions.load(props.classId);
  const pageAt = (weekday: number, slot: number) => state.slots.find((s) => s.weekday === weekday && s.slot === slot)?.pageId ?? "";
  return (
    <section class="people timetable" data-testid="timetable">
      <p><a href={state.view ? `#/setup/${state.view.yearId}` : "#/setup"}>← Учебный год и классы</a></p>
      <h1>Расписание {state.view?.className ?? ""}</h1>
      <SetupRefusal refusal={state.refusal} />
      <Show when={state.saved}>
        {(s) => <div class="issued" role="status" data-testid="timetable-saved">Расписание сохранено. Будущие уроки: добавлено {s().added}, убрано {s().removed}, оставлено с записями {s().kept}. Прошедшие и сегодняшние уроки не меняются.</div>}
      </Show>
      <Show when={(state.view?.clashes ?? []).length > 0}>
        <div class="refusal" role="status" data-testid="clashes">
          <p>Внимание: учитель ведёт уроки в двух классах одновременно.</p>
          <ul>
            <For each={state.view?.clashes ?? []}>{(c) => <li>{WEEKDAYS[c.weekday]}, {c.slot}-й урок: {c.teacherName} — также в {c.className}</li>}</For>
          </ul>
        </div>
      </Show>
      <Show when={state.view}>
        {(v) => (
          <form onSubmit={(e) => { e.preventDefault(); void actions.save(); }}>
            <Show when={v().load.length > 0} fallback={<p>У класса нет учебной нагрузки: сначала добавьте предметы и учителей.</p>}>
              <table class="subjects-table timetable-grid">
                <thead>
                  <tr><th scope="col">Урок</th><For each={[1, 2, 3, 4, 5, 6]}>{(w) => <th scope="col">{WEEKDAYS[w]}</th>}</For></tr>
                </thead>
                <tbody>
                  <For each={v().bells}>
                    {(b) => (
                      <tr>
                        <th scope="row">{b.slot}<br /><small>{b.start}–{b.end}</small></th>
                        <For each={[1, 2, 3, 4, 5, 6]}>
                          {(w) => (
                            <td>
                              <select
                                aria-label={`${WEEKDAYS[w]}, ${b.slot}-й урок`}
                                data-cell={`${w}:${b.slot}`}
                                disabled={!props.canEdit}
                                value={pageAt(w, b.slot)}
                                onChange={(e) => actions.set(w, b.slot, e.currentTarget.value)}
                              >
                                <option value="">—</option>
                                <For each={v().load}>{(l) => <option value={l.pageId}>{l.subjectName} ({l.teacherName})</option>}</For>
                              </select>
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <Show when={props.canEdit}>
                <p><button type="submit" class="primary" data-testid="save-timetable" disabled={state.busy || !state.dirty}>Сохранить расписание</button></p>
              </Show>
            </Show>
          </form>
        )}
      </Show>
    </section>
  );
}
