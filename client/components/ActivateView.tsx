/**
 * A2: activating an invite code. Signed out: a student or a parent makes an
 * account with the code. Signed in as a parent: the code of one more child
 * links that child to the same account (R9).
 */
import { createSignal, For, Show, type JSX } from "solid-js";
import type { InviteKind } from "../../shared/people.ts";
import { createActivationStore } from "../stores/people-store.ts";
import { RefusalNote } from "./FieldNotes.tsx";

export function ActivateView(props: { parentSignedIn: boolean; onActivated: () => void }): JSX.Element {
  const [state, actions] = createActivationStore();
  const [kind, setKind] = createSignal<InviteKind>("parent");
  const [code, setCode] = createSignal("");
  const [login, setLogin] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [again, setAgain] = createSignal("");
  const [surname, setSurname] = createSignal("");
  const [name, setName] = createSignal("");
  const [patronymic, setPatronymic] = createSignal("");
  const mismatch = () => !props.parentSignedIn && again() !== "" && again() !== password();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (mismatch()) return;
    const fields = props.parentSignedIn
      ? { code: code() }
      : { code: code(), login: login(), password: password(), ...(kind() === "parent" ? { surname: surname(), name: name(), patronymic: patronymic() } : {}) };
    if (await actions.activate(props.parentSignedIn ? "parent" : kind(), fields)) {
      setCode("");
      props.onActivated();
    }
  };

  return (
    <form class="login activate" data-testid="activate" onSubmit={submit}>
      <h1>{props.parentSignedIn ? "Добавить ребёнка по коду" : "Регистрация по коду приглашения"}</h1>
      <Show when={props.parentSignedIn} fallback={<p>Код выдаёт классный руководитель: отдельный код для ученика и для каждого родителя. Код действует один раз.</p>}>
        <p>Введите код родителя с листа приглашений другого ребёнка — он появится в вашем списке дневников.</p>
      </Show>
      <Show when={!props.parentSignedIn}>
        <fieldset class="kind">
          <legend>Кто регистрируется</legend>
          <label><input type="radio" name="kind" value="parent" checked={kind() === "parent"} onChange={() => setKind("parent")} /> Родитель</label>
          <label><input type="radio" name="kind" value="student" checked={kind() === "student"} onChange={() => setKind("student")} /> Ученик</label>
        </fieldset>
      </Show>
      <label>Код приглашения<input name="code" autocomplete="off" placeholder="XXXXX-XXXXX" required value={code()} onInput={(e) => setCode(e.currentTarget.value)} /></label>
      <Show when={!props.parentSignedIn}>
        <Show when={kind() === "parent"}>
          <label>Фамилия<input name="surname" required value={surname()} onInput={(e) => setSurname(e.currentTarget.value)} /></label>
          <label>Имя<input name="name" required value={name()} onInput={(e) => setName(e.currentTarget.value)} /></label>
          <label>Отчество<input name="patronymic" value={patronymic()} onInput={(e) => setPatronymic(e.currentTarget.value)} /></label>
        </Show>
        <label>Логин (латиница)<input name="login" autocomplete="username" required value={login()} onInput={(e) => setLogin(e.currentTarget.value)} /></label>
        <label>Пароль<input name="password" type="password" autocomplete="new-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} /></label>
        <label>Пароль ещё раз<input name="passwordAgain" type="password" autocomplete="new-password" required value={again()} onInput={(e) => setAgain(e.currentTarget.value)} /></label>
        <Show when={mismatch()}><p class="error" role="alert">Пароли не совпадают.</p></Show>
      </Show>
      <RefusalNote refusal={state.refusal} />
      <Show when={state.retryAfterSeconds > 0}><p class="error">Повторите через {Math.ceil(state.retryAfterSeconds / 60)} мин.</p></Show>
      <Show when={state.linked.length > 0}>
        <ul class="linked" data-testid="linked">
          <For each={state.linked}>{(n) => <li>Привязан: {n}</li>}</For>
        </ul>
      </Show>
      <button type="submit" disabled={state.busy || mismatch()}>{props.parentSignedIn ? "Добавить ребёнка" : "Зарегистрироваться"}</button>
      <a href="#/">{props.parentSignedIn ? "К списку дневников" : "У меня уже есть логин — войти"}</a>
    </form>
  );
}
