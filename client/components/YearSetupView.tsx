/**
 * P1, P2: the administrator's year: dates, how it is divided and each period's
 * bounds, days off and holidays, moved school days, bell times; then its
 * classes, subjects and teaching load (ClassesSetupPanel). The director and
 * deputy see it read-only. Every check is the server's; refusals are shown by field.
 */
import { For, Index, Show, type JSX } from "solid-js";
import { createSetupStore } from "../stores/setup-store.ts";
import { PERIOD_KIND_TITLES, WEEKDAYS } from "../i18n/setup-labels.ts";
import type { YearPeriodKind } from "../../shared/calendar.ts";
import { SetupRefusal } from "./SetupRefusal.tsx";
import { ClassesSetupPanel } from "./ClassesSetupPanel.tsx";

type Input = { currentTarget: { value: string } };

export function YearSetupView(props: { yearId: string | null }): JSX.Element {
  const [state, actions] = createSetupStore();
  void actions.load(props.yearId);
  const canEdit = () => state.overview?.canEditCalendar === true;
  const edit = actions.edit;
  return (
    <section class="people setup" data-testid="year-setup">
      <h1>Учебный год и классы</h1>
      <nav class="year-tabs">
        <For each={state.overview?.years ?? []}>
          {(y) => (
            <a href={`#/setup/${y.yearId}`} aria-current={state.yearId === y.yearId ? "page" : undefined} data-year={y.name}>
              {y.name}
            </a>
          )}
        </For>
        <Show when={canEdit()}><a href="#/setup/new" data-testid="new-year" aria-current={state.yearId === null && state.draft ? "page" : undefined}>+ Новый учебный год</a></Show>
      </nav>
      <SetupRefusal refusal={state.refusal} />
      <Show when={state.saved}>
        {(s) => (
          <div class="issued" role="status" data-testid="year-saved">
            {s() === "created" ? "Учебный год создан. Добавьте классы, предметы и нагрузку." : (() => {
              const c = s() as { added: number; removed: number; kept: number };
              return `Календарь сохранён. Будущие уроки: добавлено ${c.added}, убрано ${c.removed}, оставлено с записями ${c.kept}.`;
            })()}
          </div>
        )}
      </Show>
      <Show when={state.draft}>
        {(d) => (
          <form class="year-form" onSubmit={(e) => { e.preventDefault(); void actions.saveYear(); }}>
            <fieldset disabled={!canEdit() || state.busy}>
              <legend>{state.yearId ? `Календарь ${d().name}` : "Новый учебный год"}</legend>
              <div class="inline-form">
                <label>Название<input name="year-name" value={d().name} onInput={(e: Input) => edit((x) => (x.name = e.currentTarget.value))} /></label>
                <label>Начало<input type="date" name="year-start" value={d().start} onInput={(e: Input) => edit((x) => (x.start = e.currentTarget.value))} /></label>
                <label>Конец<input type="date" name="year-end" value={d().end} onInput={(e: Input) => edit((x) => (x.end = e.currentTarget.value))} /></label>
                <label>Деление года
                  <select name="period-kind" value={d().periodKind} disabled={state.detail?.inUse} onChange={(e: Input) => actions.setKind(e.currentTarget.value as YearPeriodKind)}>
                    <For each={Object.entries(PERIOD_KIND_TITLES)}>{([k, t]) => <option value={k}>{t}</option>}</For>
                  </select>
                </label>
              </div>
              <h2>Периоды</h2>
              <table class="subjects-table">
                <thead><tr><th scope="col">Период</th><th scope="col">Начало</th><th scope="col">Конец</th></tr></thead>
                <tbody>
                  <Index each={d().periods}>
                    {(p, i) => (
                      <tr data-period={i}>
                        <td><input aria-label={`Название периода ${i + 1}`} value={p().name} onInput={(e: Input) => edit((x) => (x.periods[i]!.name = e.currentTarget.value))} /></td>
                        <td><input type="date" aria-label={`Начало периода ${i + 1}`} value={p().start} onInput={(e: Input) => edit((x) => (x.periods[i]!.start = e.currentTarget.value))} /></td>
                        <td><input type="date" aria-label={`Конец периода ${i + 1}`} value={p().end} onInput={(e: Input) => edit((x) => (x.periods[i]!.end = e.currentTarget.value))} /></td>
                      </tr>
                    )}
                  </Index>
                </tbody>
              </table>
              <h2>Праздники и выходные дни</h2>
              <table class="subjects-table">
                <thead><tr><th scope="col">С</th><th scope="col">По</th><th scope="col">Название</th><th scope="col"></th></tr></thead>
                <tbody>
                  <Index each={d().daysOff}>
                    {(o, i) => (
                      <tr data-day-off={i}>
                        <td><input type="date" aria-label={`Выходной ${i + 1}: с`} value={o().start} onInput={(e: Input) => edit((x) => (x.daysOff[i]!.start = e.currentTarget.value))} /></td>
                        <td><input type="date" aria-label={`Выходной ${i + 1}: по`} value={o().end} onInput={(e: Input) => edit((x) => (x.daysOff[i]!.end = e.currentTarget.value))} /></td>
                        <td><input aria-label={`Выходной ${i + 1}: название`} value={o().name} onInput={(e: Input) => edit((x) => (x.daysOff[i]!.name = e.currentTarget.value))} /></td>
                        <td><button type="button" onClick={() => edit((x) => x.daysOff.splice(i, 1))}>Убрать</button></td>
                      </tr>
                    )}
                  </Index>
                </tbody>
              </table>
              <button type="button" onClick={() => edit((x) => x.daysOff.push({ start: "", end: "", name: "" }))}>Добавить выходной</button>
              <h2>Переносы учебных дней</h2>
              <p class="hint">Рабочая суббота (или другой день) идёт по расписанию указанного дня недели; «выходной» делает учебный день нерабочим.</p>
              <table class="subjects-table">
                <thead><tr><th scope="col">Дата</th><th scope="col">Как учимся</th><th scope="col"></th></tr></thead>
                <tbody>
                  <Index each={d().moves}>
                    {(m, i) => (
                      <tr data-move={i}>
                        <td><input type="date" aria-label={`Перенос ${i + 1}: дата`} value={m().date} onInput={(e: Input) => edit((x) => (x.moves[i]!.date = e.currentTarget.value))} /></td>
                        <td>
                          <select aria-label={`Перенос ${i + 1}: расписание`} value={m().asWeekday} onChange={(e: Input) => edit((x) => (x.moves[i]!.asWeekday = e.currentTarget.value))}>
                            <option value="">выходной день</option>
                            <For each={[1, 2, 3, 4, 5, 6]}>{(w) => <option value={String(w)}>по расписанию: {WEEKDAYS[w]!.toLowerCase()}</option>}</For>
                          </select>
                        </td>
                        <td><button type="button" onClick={() => edit((x) => x.moves.splice(i, 1))}>Убрать</button></td>
                      </tr>
                    )}
                  </Index>
                </tbody>
              </table>
              <button type="button" onClick={() => edit((x) => x.moves.push({ date: "", asWeekday: "1" }))}>Добавить перенос</button>
              <h2>Расписание звонков</h2>
              <table class="subjects-table bells">
                <thead><tr><th scope="col">Урок</th><th scope="col">Начало</th><th scope="col">Конец</th></tr></thead>
                <tbody>
                  <Index each={d().bells}>
                    {(b, i) => (
                      <tr>
                        <th scope="row">{i + 1}</th>
                        <td><input type="time" aria-label={`Урок ${i + 1}: начало`} value={b().start} onInput={(e: Input) => edit((x) => (x.bells[i]!.start = e.currentTarget.value))} /></td>
                        <td><input type="time" aria-label={`Урок ${i + 1}: конец`} value={b().end} onInput={(e: Input) => edit((x) => (x.bells[i]!.end = e.currentTarget.value))} /></td>
                      </tr>
                    )}
                  </Index>
                </tbody>
              </table>
              <button type="button" onClick={() => edit((x) => x.bells.push({ start: "", end: "" }))}>Добавить урок</button>{" "}
              <button type="button" disabled={d().bells.length <= 1} onClick={() => edit((x) => x.bells.pop())}>Убрать последний</button>
              <p><button type="submit" class="primary" data-testid="save-year">{state.yearId ? "Сохранить календарь" : "Создать учебный год"}</button></p>
            </fieldset>
          </form>
        )}
      </Show>
      <Show when={state.yearId && state.detail && state.overview}>
        <ClassesSetupPanel state={state} actions={actions} />
      </Show>
    </section>
  );
}
