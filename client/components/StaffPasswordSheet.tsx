/**
 * A1: the printed list of staff first passwords: the logins and first
 * passwords issued on the staff screen since it was opened, to hand to each
 * person (cut along the lines). The passwords exist in clear only in this
 * screen's memory: the server keeps their scrypt hashes, and each must be
 * changed at first sign-in.
 */
import { For, Show, type JSX } from "solid-js";
import type { SheetEntry } from "../stores/people-store.ts";
import { ROLE_TITLES } from "../i18n/role-titles.ts";

export function StaffPasswordSheet(props: { entries: readonly SheetEntry[]; onClear: () => void }): JSX.Element {
  const site = location.origin;
  return (
    <Show when={props.entries.length > 0}>
      <section class="invite-sheet staff-sheet" data-testid="staff-password-sheet">
        <div class="no-print">
          <h2>Лист первых паролей ({props.entries.length})</h2>
          <p>Распечатайте лист и раздайте полоски сотрудникам лично. После печати очистите лист: пароли больше нигде не хранятся.</p>
          <button type="button" onClick={() => window.print()}>Печать</button>{" "}
          <button type="button" onClick={() => props.onClear()}>Очистить лист</button>
        </div>
        <div class="slips">
          <For each={props.entries}>
            {(e) => (
              <article class="slip" data-sheet-login={e.login}>
                <p class="who"><b>{e.fullName}</b>{e.role ? ` — ${ROLE_TITLES[e.role]}` : ""}</p>
                <p>Логин: <b data-sheet-field="login">{e.login}</b></p>
                <p>Первый пароль: <span class="code" data-sheet-field="password">{e.firstPassword}</span></p>
                <p class="how">Войдите на {site} и сразу придумайте свой пароль (не короче 8 символов). Этот пароль действует только до первого входа.</p>
              </article>
            )}
          </For>
        </div>
      </section>
    </Show>
  );
}
