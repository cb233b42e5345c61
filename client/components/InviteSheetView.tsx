/**
 * A2: the printable sheet of a class's invite codes: one cut-out slip per
 * code, with whom it is for, how to use it and until when. The codes exist
 * in clear only here: the server keeps their hashes.
 */
import { For, type JSX } from "solid-js";
import type { InviteSheet } from "../../shared/people.ts";

function until(ms: number): string {
  return new Date(ms).toLocaleDateString("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric" });
}

export function InviteSheetView(props: { sheet: InviteSheet; onClose: () => void }): JSX.Element {
  const site = location.origin;
  return (
    <section class="invite-sheet" data-testid="invite-sheet">
      <div class="no-print">
        <h1>Коды приглашения: {props.sheet.className}</h1>
        <p>Распечатайте лист и разрежьте по линиям. Коды показаны только сейчас: сервер хранит их в необратимом виде. Потерянный код заменяется новым листом.</p>
        <button type="button" onClick={() => window.print()}>Печать</button>{" "}
        <button type="button" onClick={() => props.onClose()}>Закрыть</button>
      </div>
      <div class="slips">
        <For each={props.sheet.invites}>
          {(i) => (
            <article class="slip" data-invite-student={i.studentId} data-invite-kind={i.kind} data-invite-slot={i.slot}>
              <p class="school">{props.sheet.schoolName} · {props.sheet.className}</p>
              <p class="who"><b>{i.studentName}</b> — {i.kind === "student" ? "код ученика" : `код родителя ${i.slot}`}</p>
              <p class="code" data-code>{i.code}</p>
              <p class="how">Откройте {site}/#/activate, выберите «{i.kind === "student" ? "Ученик" : "Родитель"}», введите код, придумайте логин и пароль.
                {i.kind === "parent" ? " Если у вас уже есть учётная запись родителя, войдите и выберите «Добавить ребёнка по коду»." : ""}</p>
              <p class="expires">Код действует один раз, до {until(i.expiresAt)}.</p>
            </article>
          )}
        </For>
      </div>
    </section>
  );
}
