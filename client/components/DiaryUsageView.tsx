/** A4: when each student and parent of a class last opened the diary (class teacher, administrator, deputy). */
import { For, Show, type JSX } from "solid-js";
import { createUsageStore } from "../stores/usage-store.ts";
import { errorText } from "../i18n/error-text.ts";

const DAY = 86_400_000;

function since(at: number | null): string {
  if (at === null) return "не открывал(а)";
  return new Date(at).toLocaleString("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function DiaryUsageView(props: { classId: string | null }): JSX.Element {
  const [state, actions] = createUsageStore();
  void actions.load(props.classId);
  const stale = (at: number | null) => at === null || Date.now() - at > 7 * DAY;
  return (
    <section class="diary-usage" data-testid="diary-usage">
      <h1>Посещение электронного дневника<Show when={state.table}>: {state.table!.className}</Show></h1>
      <Show when={state.classes.length > 1}>
        <nav class="children" aria-label="Классы">
          <For each={state.classes}>
            {(c) => <a href={`#/usage/${c.classId}`} aria-current={c.classId === state.table?.classId ? "page" : undefined}>{c.className}</a>}
          </For>
        </nav>
      </Show>
      <Show when={state.error}><p class="refusal" role="alert">{errorText(state.error!)}</p></Show>
      <Show when={state.table}>
        {(table) => (
          <table class="subjects-table">
            <thead>
              <tr><th scope="col">Ученик</th><th scope="col">Кто</th><th scope="col">Последний вход в дневник</th><th scope="col">Посещений</th></tr>
            </thead>
            <tbody>
              <For each={table().rows}>
                {(row) => (
                  <For each={row.readers.length > 0 ? row.readers : [null]}>
                    {(r, i) => (
                      <tr data-usage-student={row.studentId} data-usage-user={r?.userId}>
                        <Show when={i() === 0}><th scope="row" rowSpan={Math.max(1, row.readers.length)}>{row.fullName}</th></Show>
                        <td>{r ? `${r.role === "student" ? "ученик" : "родитель"}: ${r.name}` : "нет учётных записей"}</td>
                        <td data-last-opened classList={{ warn: r !== null && stale(r.lastOpenedAt) }}>{r ? since(r.lastOpenedAt) : ""}</td>
                        <td>{r?.visits ?? ""}</td>
                      </tr>
                    )}
                  </For>
                )}
              </For>
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}
