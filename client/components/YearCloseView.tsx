/**
 * R1: closing the academic year and promoting the classes. A year closes only
 * after its last day; the missing period marks are listed first and the
 * administrator confirms closing with them. A closed year's pages are
 * read-only and stay readable; promotion moves each class a grade up into the
 * next year, the last grade graduates.
 */
import { createSignal, For, Show, type JSX } from "solid-js";
import { createYearCloseStore } from "../stores/planning-store.ts";
import { RefusalNote } from "./FieldNotes.tsx";

const ru = (iso: string) => iso.split("-").reverse().join(".");

export function YearCloseView(): JSX.Element {
  const [state, actions] = createYearCloseStore();
  void actions.load();
  const [confirmed, setConfirmed] = createSignal(false);
  const next = (name: string) => name.split("/").map((y) => String(Number(y) + 1)).join("/");
  const [form, setForm] = createSignal<{ name: string; startsOn: string; endsOn: string } | null>(null);
  return (
    <section class="people" data-testid="years">
      <h1>Учебные годы</h1>
      <RefusalNote refusal={state.refusal} />
      <table class="subjects-table">
        <thead><tr><th scope="col">Год</th><th scope="col">Даты</th><th scope="col">Состояние</th><th scope="col"></th></tr></thead>
        <tbody>
          <For each={state.years}>
            {(y) => (
              <tr data-year={y.name}>
                <th scope="row">{y.name}</th>
                <td>{ru(y.startsOn)} — {ru(y.lastDay)}</td>
                <td>{y.closedAt ? (y.promotedTo ? "закрыт, классы переведены" : "закрыт (только чтение)") : state.today > y.lastDay ? "окончен, не закрыт" : "идёт"}</td>
                <td>
                  <Show when={y.mayClose}><button type="button" disabled={state.busy} onClick={() => void actions.close(y.yearId, false)}>Закрыть год</button></Show>
                  <Show when={y.closedAt && !y.promotedTo}>
                    <button type="button" onClick={() => {
                      const [a, b] = next(y.name).split("/");
                      setForm({ name: next(y.name), startsOn: `${a}-09-01`, endsOn: `${b}-05-31` });
                    }}>Перевести классы…</button>
                    <Show when={form()}>
                      {(f) => (
                        <form class="inline-form" onSubmit={(e) => { e.preventDefault(); void actions.promote(y.yearId, f()); }}>
                          <label>Новый год<input name="name" value={f().name} onInput={(e) => setForm({ ...f(), name: e.currentTarget.value })} /></label>
                          <label>Начало<input type="date" value={f().startsOn} onInput={(e) => setForm({ ...f(), startsOn: e.currentTarget.value })} /></label>
                          <label>Окончание<input type="date" value={f().endsOn} onInput={(e) => setForm({ ...f(), endsOn: e.currentTarget.value })} /></label>
                          <button type="submit" disabled={state.busy}>Перевести все классы</button>
                        </form>
                      )}
                    </Show>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={state.missing}>
        {(m) => (
          <div data-testid="missing-marks">
            <h2>Не выставлены отметки за периоды</h2>
            <ul>
              <For each={m().list}>{(x) => <li>{x.className}, {x.subjectName}, {x.periodName}: {x.students.join(", ")}</li>}</For>
            </ul>
            <label><input type="checkbox" checked={confirmed()} onChange={(e) => setConfirmed(e.currentTarget.checked)} /> Решение педагогического совета принято, закрыть год с этим списком</label>{" "}
            <button type="button" disabled={!confirmed() || state.busy} onClick={() => void actions.close(m().yearId, true)}>Закрыть год</button>
          </div>
        )}
      </Show>
      <Show when={state.promoted}>
        {(p) => (
          <div role="status" data-testid="promoted">
            <p>Классы переведены{p().graduated > 0 ? `, выпускников: ${p().graduated}` : ""}.</p>
            <ul><For each={p().classes}>{(c) => <li>{c.from} → {c.to ?? "выпуск"} ({c.students})</li>}</For></ul>
          </div>
        )}
      </Show>
    </section>
  );
}
