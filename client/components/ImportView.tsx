/**
 * CSV import of class lists (administrator; class teacher for the own class)
 * and of staff (administrator): a preview of every row with its errors; the
 * file is written only when it has none, all at once.
 */
import { For, Show, type JSX } from "solid-js";
import type { ImportPreview } from "../../shared/people.ts";
import { createImportStore } from "../stores/people-store.ts";
import { errorText } from "../i18n/error-text.ts";
import { FIELD_LABELS, RefusalNote } from "./FieldNotes.tsx";

function errorsOf(preview: ImportPreview, row: number): string {
  return preview.errors.filter((e) => e.row === row).map((e) => `${e.column ? `${FIELD_LABELS[e.column] ?? e.column}: ` : ""}${errorText(e.code)}`).join("; ");
}

export function ImportView(props: { canImportStaff: boolean }): JSX.Element {
  const [state, actions] = createImportStore();
  void actions.init(props.canImportStaff);
  return (
    <section class="people" data-testid="import">
      <h1>Загрузка списков из CSV</h1>
      <p class="hint">
        Файл CSV в кодировке UTF-8, разделитель «;» или «,», первая строка — заголовки.
        Ученики: <code>Фамилия;Имя;Отчество;Пол;Дата рождения</code> (пол «м»/«ж», дата ДД.ММ.ГГГГ; столбец «Класс» — для списка всей школы).
        Сотрудники: <code>Логин;Роль;Фамилия;Имя;Отчество</code>. Другие столбцы не принимаются: лишних персональных данных не храним.
      </p>
      <div class="inline-form">
        <label>Что загружаем
          <select name="kind" value={state.kind} onChange={(e) => actions.choose(e.currentTarget.value as "students" | "staff", state.classId)}>
            <Show when={state.classes.length > 0}><option value="students">Список учеников</option></Show>
            <Show when={props.canImportStaff}><option value="staff">Сотрудники</option></Show>
          </select>
        </label>
        <Show when={state.kind === "students"}>
          <label>Класс
            <select name="classId" value={state.classId ?? ""} onChange={(e) => actions.choose("students", e.currentTarget.value || null)}>
              <Show when={props.canImportStaff}><option value="">Из столбца «Класс»</option></Show>
              <For each={state.classes}>{(c) => <option value={c.classId}>{c.name}</option>}</For>
            </select>
          </label>
        </Show>
        <label>Файл<input name="file" type="file" accept=".csv,text/csv" onChange={(e) => void actions.pick(e.currentTarget.files?.[0] ?? null)} /></label>
      </div>
      <RefusalNote refusal={state.refusal} />
      <Show when={state.result}>
        {(r) => (
          <div class="issued" role="status" data-testid="import-result">
            Записано: {r().created}.
            <Show when={r().firstPasswords?.length}>
              {" "}Первые пароли (показаны один раз; передайте лично, при первом входе их сменят):
              <table class="subjects-table"><tbody>
                <For each={r().firstPasswords}>{(p) => <tr><td>{p.login}</td><td><code>{p.firstPassword}</code></td></tr>}</For>
              </tbody></table>
            </Show>
          </div>
        )}
      </Show>
      <Show when={state.preview}>
        {(p) => (
          <>
            <p data-testid="import-summary" classList={{ refusal: !p().valid }}>
              {p().valid ? `Ошибок нет: строк ${p().rows.length}. Можно записывать.` : `Ошибок: ${p().errors.length}. Исправьте файл и загрузите снова — пока есть ошибки, ничего не записывается.`}
            </p>
            <Show when={p().errors.some((e) => !p().rows.some((r) => r.row === e.row))}>
              <ul class="refusal">
                <For each={p().errors.filter((e) => !p().rows.some((r) => r.row === e.row))}>
                  {(e) => <li>Строка {e.row}{e.column ? `, ${FIELD_LABELS[e.column] ?? e.column}` : ""}: {errorText(e.code)}</li>}
                </For>
              </ul>
            </Show>
            <table class="subjects-table" data-testid="import-preview">
              <thead><tr><th scope="col">Строка</th><For each={p().columns}>{(c) => <th scope="col">{FIELD_LABELS[c] ?? c}</th>}</For><th scope="col">Ошибки</th></tr></thead>
              <tbody>
                <For each={p().rows}>
                  {(r) => (
                    <tr data-import-row={r.row} classList={{ invalid: p().errors.some((e) => e.row === r.row) }}>
                      <td>{r.row}</td>
                      <For each={p().columns}>{(c) => <td classList={{ invalid: p().errors.some((e) => e.row === r.row && e.column === c) }}>{r.values[c]}</td>}</For>
                      <td class="refusal">{errorsOf(p(), r.row)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <button type="button" data-testid="import-apply" disabled={!p().valid || state.busy} onClick={() => void actions.apply()}>Записать</button>
          </>
        )}
      </Show>
    </section>
  );
}
