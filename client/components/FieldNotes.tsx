/** A refusal in words: the code, and each field at fault under its Russian label. */
import { For, Show, type JSX } from "solid-js";
import { errorText } from "../i18n/error-text.ts";
import type { Refusal } from "../stores/people-store.ts";

export const FIELD_LABELS: Record<string, string> = {
  surname: "Фамилия", name: "Имя", patronymic: "Отчество", sex: "Пол", bornOn: "Дата рождения", class: "Класс",
  login: "Логин", role: "Роль", password: "Пароль", newPassword: "Новый пароль", currentPassword: "Текущий пароль", code: "Код", "": "Строка",
};

export function RefusalNote(props: { refusal: Refusal }): JSX.Element {
  return (
    <Show when={props.refusal.code}>
      <div class="refusal" role="alert" data-testid="refusal">
        <Show when={props.refusal.fields.length > 0} fallback={<p>{errorText(props.refusal.code!)}</p>}>
          <ul>
            <For each={props.refusal.fields}>{(f) => <li data-field={f.field}>{f.field ? `${FIELD_LABELS[f.field] ?? f.field}: ` : ""}{errorText(f.code)}</li>}</For>
          </ul>
        </Show>
      </div>
    </Show>
  );
}
