/**
 * P4: the calendar-thematic plan editor. The list of plans (subject x grade)
 * with whether each matches the curriculum; the chosen plan's ordered topics
 * with hours: add, edit, move up and down, delete. The total is checked
 * against the curriculum as one types (shared/plan-rules.ts, the rule the
 * server applies): a clear error stays until the hours match. A draft that
 * does not match may be saved (nothing typed is lost); it is approved only
 * once it matches.
 */
import { For, Show, type JSX } from "solid-js";
import { createPlanEditorStore } from "../stores/planning-store.ts";
import { planHoursCheck, type PlanHoursCheck } from "../../shared/plan-rules.ts";
import { errorText } from "../i18n/error-text.ts";
import { RefusalNote } from "./FieldNotes.tsx";

function hoursWord(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return "час";
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return "часа";
  return "часов";
}

/** The check of the draft: the same rule as the server's, against the curriculum hours it reported. */
function draftCheck(server: PlanHoursCheck, hours: number[]): PlanHoursCheck {
  if (server.expected === null) return { ...server, total: hours.reduce((a, b) => a + b, 0) };
  return planHoursCheck(hours.map((h) => ({ hours: h })), [server.expected]);
}

export function mismatchText(check: PlanHoursCheck): string {
  if (check.code === "plan-hours-mismatch" && check.expected !== null) {
    const diff = check.expected - check.total;
    return `Сумма часов плана — ${check.total}, а по учебному плану — ${check.expected}: ${diff > 0 ? `не хватает ${diff} ${hoursWord(diff)}` : `лишних ${-diff} ${hoursWord(-diff)}`}.`;
  }
  return check.code ? errorText(check.code) : "";
}

export function PlanEditorView(props: { subjectId: string | null; grade: number | null }): JSX.Element {
  const [state, actions] = createPlanEditorStore();
  void actions.list();
  if (props.subjectId && props.grade) void actions.open(props.subjectId, props.grade);
  const check = () => (state.plan ? draftCheck(state.plan.check, state.draft.map((t) => t.hours)) : null);
  return (
    <section class="people plan-editor" data-testid="plan-editor">
      <h1>Календарно-тематическое планирование</h1>
      <p><a href="#/curriculum">Учебный план: часы по предметам</a></p>
      <ul class="plan-list" data-testid="plan-list">
        <For each={state.plans}>
          {(p) => (
            <li classList={{ current: state.plan?.subjectId === p.subjectId && state.plan?.grade === p.grade }}>
              <a href={`#/plans/${p.subjectId}/${p.grade}`} data-plan={`${p.subjectName} ${p.grade}`}>{p.subjectName}, {p.grade} класс</a>{" "}
              <span class="badge">{p.approvedAt ? "утверждён" : p.check.code === null ? "часы совпадают" : p.topics === 0 ? "нет тем" : "часы не совпадают"}</span>
            </li>
          )}
        </For>
      </ul>
      <RefusalNote refusal={state.refusal} />
      <Show when={state.plan}>
        {(plan) => (
          <div class="plan" data-testid="plan">
            <h2>{plan().subjectName}, {plan().grade} класс</h2>
            <p data-testid="plan-total">
              Итого: {check()!.total} {hoursWord(check()!.total)}
              <Show when={check()!.expected !== null}> из {check()!.expected} по учебному плану</Show>
              <Show when={plan().approvedAt && !state.dirty}> · <b data-testid="plan-approved">утверждён</b></Show>
            </p>
            <Show when={check()!.code}>
              <p class="refusal" role="alert" data-testid="plan-hours-error">{mismatchText(check()!)}</p>
            </Show>
            <table class="subjects-table plan-topics">
              <thead><tr><th scope="col">№</th><th scope="col">Тема (раздел)</th><th scope="col">Часы</th><th scope="col"></th></tr></thead>
              <tbody>
                <For each={state.draft}>
                  {(t, i) => (
                    <tr data-topic-row={i() + 1}>
                      <td>{i() + 1}</td>
                      <td><input class="topic" aria-label={`Тема ${i() + 1}`} value={t.topic} disabled={!plan().mayEdit} maxLength={500} onInput={(e) => actions.edit(t.key, { topic: e.currentTarget.value })} /></td>
                      <td><input class="hours" aria-label={`Часы темы ${i() + 1}`} type="number" min="1" max="200" value={t.hours} disabled={!plan().mayEdit}
                        onInput={(e) => actions.edit(t.key, { hours: Number(e.currentTarget.value) || 0 })} /></td>
                      <td>
                        <Show when={plan().mayEdit}>
                          <button type="button" title="Выше" aria-label="Выше" disabled={i() === 0} onClick={() => actions.move(t.key, -1)}>↑</button>
                          <button type="button" title="Ниже" aria-label="Ниже" disabled={i() === state.draft.length - 1} onClick={() => actions.move(t.key, 1)}>↓</button>
                          <button type="button" title="Удалить" aria-label="Удалить" onClick={() => actions.remove(t.key)}>✕</button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <Show when={plan().mayEdit}>
              <p>
                <button type="button" data-testid="add-topic" onClick={() => actions.add()}>Добавить тему</button>{" "}
                <button type="button" data-testid="save-plan" disabled={state.busy || !state.dirty} onClick={() => void actions.save()}>Сохранить</button>{" "}
                <Show when={plan().mayApprove}>
                  <button type="button" data-testid="approve-plan" disabled={state.busy || state.dirty || check()!.code !== null || plan().approvedAt !== null} onClick={() => void actions.approve()}>Утвердить</button>
                </Show>
              </p>
              <Show when={state.saved && !state.dirty}>
                <p role="status" data-testid="plan-saved">{check()!.code === null ? "План сохранён." : "Черновик сохранён, но часы ещё не совпадают с учебным планом."}</p>
              </Show>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
