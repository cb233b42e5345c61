/** P2: the curriculum: hours per year of each subject in each class, set by the deputy or the administrator. */
import { For, Show, type JSX } from "solid-js";
import { createCurriculumStore } from "../stores/planning-store.ts";
import { RefusalNote } from "./FieldNotes.tsx";

export function CurriculumView(): JSX.Element {
  const [state, actions] = createCurriculumStore();
  void actions.load();
  return (
    <section class="people" data-testid="curriculum">
      <h1>Учебный план<Show when={state.year}>{(y) => <>, {y().name}</>}</Show></h1>
      <p>Часы в год по каждому предмету в каждом классе. С ними сверяется сумма часов календарно-тематического плана. <a href="#/plans">К планированию</a></p>
      <RefusalNote refusal={state.refusal} />
      <table class="subjects-table">
        <thead><tr><th scope="col">Класс</th><th scope="col">Предмет</th><th scope="col">Часов в год</th></tr></thead>
        <tbody>
          <For each={state.rows}>
            {(r) => (
              <tr data-curriculum={`${r.className} ${r.subjectName}`}>
                <th scope="row">{r.className}</th>
                <td>{r.subjectName}</td>
                <td>
                  <input type="number" min="1" max="350" aria-label={`Часы: ${r.className}, ${r.subjectName}`} value={r.hours ?? ""} disabled={!state.mayEdit}
                    onChange={(e) => void actions.setHours(r.classId, r.subjectId, e.currentTarget.value === "" ? null : Number(e.currentTarget.value))} />
                  <Show when={state.savedKey === `${r.classId}:${r.subjectId}`}> <span role="status">сохранено</span></Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
