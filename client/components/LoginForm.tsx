import { createSignal, Show, type JSX } from "solid-js";

export function LoginForm(props: { busy: boolean; error: string | null; onSubmit: (login: string, password: string) => void }): JSX.Element {
  const [login, setLogin] = createSignal("");
  const [password, setPassword] = createSignal("");
  return (
    <form
      class="login"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(login(), password());
      }}
    >
      <h1>Электронный журнал</h1>
      <label>
        Логин
        <input name="login" autocomplete="username" required value={login()} onInput={(e) => setLogin(e.currentTarget.value)} />
      </label>
      <label>
        Пароль
        <input name="password" type="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <Show when={props.error}><p class="error" role="alert">{props.error}</p></Show>
      <button type="submit" disabled={props.busy}>Войти</button>
      <a href="#/activate" data-testid="activate-link">Регистрация по коду приглашения</a>
    </form>
  );
}
