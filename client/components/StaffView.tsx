/** A1: the administrator's list of staff accounts: make one (with a first password shown once), reset, disable, enable. */
import { createSignal, For, Show, type JSX } from "solid-js";
import { createStaffStore } from "../stores/people-store.ts";
import { RefusalNote } from "./FieldNotes.tsx";
import { ROLE_TITLES } from "../i18n/role-titles.ts";
import { StaffPasswordSheet } from "./StaffPasswordSheet.tsx";

export function StaffView(props: { selfId: string }): JSX.Element {
  const [state, actions] = createStaffStore();
  void actions.load();
  const empty = { login: "", role: "teacher", surname: "", name: "", patronymic: "" };
  const [draft, setDraft] = createSignal({ ...empty });
  const set = (key: keyof typeof empty) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft(), [key]: e.currentTarget.value });
  return (
    <section class="people" data-testid="staff">
      <h1>Сотрудники</h1>
      <Show when={state.issued}>
        {(p) => (
          <div class="issued" role="status" data-testid="first-password">
            Учётная запись <b>{p().login}</b>. Первый пароль: <code>{p().firstPassword}</code> — передайте его сотруднику лично;
            при первом входе он сменит пароль на свой. Пароль показан один раз.
          </div>
        )}
      </Show>
      <RefusalNote refusal={state.refusal} />
      <form class="inline-form" onSubmit={async (e) => { e.preventDefault(); if (await actions.create(draft())) setDraft({ ...empty }); }}>
        <label>Фамилия<input name="surname" required value={draft().surname} onInput={set("surname")} /></label>
        <label>Имя<input name="name" required value={draft().name} onInput={set("name")} /></label>
        <label>Отчество<input name="patronymic" value={draft().patronymic} onInput={set("patronymic")} /></label>
        <label>Логин<input name="login" required value={draft().login} onInput={set("login")} /></label>
        <label>Роль
          <select name="role" value={draft().role} onChange={set("role")}>
            <For each={Object.entries(ROLE_TITLES).filter(([r]) => r !== "student" && r !== "parent")}>{([r, t]) => <option value={r}>{t}</option>}</For>
          </select>
        </label>
        <button type="submit" disabled={state.busy}>Создать учётную запись</button>
      </form>
      <table class="subjects-table">
        <thead><tr><th scope="col">ФИО</th><th scope="col">Логин</th><th scope="col">Роль</th><th scope="col">Состояние</th><th scope="col"></th></tr></thead>
        <tbody>
          <For each={state.staff}>
            {(s) => (
              <tr data-staff-login={s.login}>
                <th scope="row">{[s.surname, s.name, s.patronymic].filter(Boolean).join(" ")}</th>
                <td>{s.login}</td>
                <td>{ROLE_TITLES[s.role]}{s.classNames.length > 0 ? `, кл. рук. ${s.classNames.join(", ")}` : ""}</td>
                <td>{s.disabled ? "отключена" : s.mustChangePassword ? "ждёт смены первого пароля" : "активна"}</td>
                <td>
                  <Show when={s.id !== props.selfId}>
                    <button type="button" onClick={() => void actions.reset(s.id)}>Новый пароль</button>{" "}
                    <button type="button" onClick={() => void actions.setDisabled(s.id, !s.disabled)}>{s.disabled ? "Включить" : "Отключить"}</button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <StaffPasswordSheet entries={state.sheet} onClear={() => actions.clearSheet()} />
    </section>
  );
}
