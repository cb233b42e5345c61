/** A1: at first sign-in (or after a reset) the user replaces the given password before anything else. */
import { createSignal, Show, type JSX } from "solid-js";
import { createPasswordStore } from "../stores/people-store.ts";
import { RefusalNote } from "./FieldNotes.tsx";

export function ChangePasswordForm(props: { fullName: string; onDone: () => void; onSignOut: () => void }): JSX.Element {
  const [state, actions] = createPasswordStore();
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [again, setAgain] = createSignal("");
  const mismatch = () => again() !== "" && again() !== next();
  return (
    <form
      class="login"
      data-testid="change-password"
      onSubmit={async (e) => {
        e.preventDefault();
        if (mismatch()) return;
        if (await actions.change(current(), next())) props.onDone();
      }}
    >
      <h1>Смена пароля</h1>
      <p>{props.fullName}, вы вошли с выданным паролем. Придумайте свой пароль: не короче 8 символов. Выданный пароль больше не будет действовать.</p>
      <label>Выданный пароль<input name="currentPassword" type="password" autocomplete="current-password" required value={current()} onInput={(e) => setCurrent(e.currentTarget.value)} /></label>
      <label>Новый пароль<input name="newPassword" type="password" autocomplete="new-password" required minLength={8} value={next()} onInput={(e) => setNext(e.currentTarget.value)} /></label>
      <label>Новый пароль ещё раз<input name="newPasswordAgain" type="password" autocomplete="new-password" required value={again()} onInput={(e) => setAgain(e.currentTarget.value)} /></label>
      <Show when={mismatch()}><p class="error" role="alert">Пароли не совпадают.</p></Show>
      <RefusalNote refusal={state.refusal} />
      <button type="submit" disabled={state.busy || mismatch()}>Сменить пароль</button>
      <button type="button" onClick={() => props.onSignOut()}>Выйти</button>
    </form>
  );
}
