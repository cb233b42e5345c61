/**
 * A3, A2: the class teacher's list of the class: student cards (minimal
 * data), the family's accounts, adding and editing cards, and issuing
 * invite codes as a printable sheet.
 */
import { createSignal, For, Show, type JSX } from "solid-js";
import type { StudentCard } from "../../shared/people.ts";
import { createClassCardsStore, type CardDraft } from "../stores/people-store.ts";
import { RefusalNote } from "./FieldNotes.tsx";
import { InviteSheetView } from "./InviteSheetView.tsx";

const EMPTY: CardDraft = { surname: "", name: "", patronymic: "", sex: "", bornOn: "" };

function fullName(p: { surname: string; name: string; patronymic: string }): string {
  return [p.surname, p.name, p.patronymic].filter(Boolean).join(" ");
}

function ruDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

export function ClassCardsView(props: { classId: string | null }): JSX.Element {
  const [state, actions] = createClassCardsStore();
  void actions.load(props.classId);
  const [draft, setDraft] = createSignal<CardDraft>({ ...EMPTY });
  const [editing, setEditing] = createSignal<string | null>(null);
  const set = (key: keyof CardDraft) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft(), [key]: e.currentTarget.value });
  const edit = (s: StudentCard) => {
    setEditing(s.id);
    setDraft({ surname: s.surname, name: s.name, patronymic: s.patronymic, sex: s.sex, bornOn: s.bornOn });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (await actions.save(editing(), draft())) {
      setEditing(null);
      setDraft({ ...EMPTY });
    }
  };

  return (
    <Show when={!state.sheet} fallback={<InviteSheetView sheet={state.sheet!} onClose={actions.closeSheet} />}>
      <section class="people" data-testid="class-cards">
        <h1>Ученики класса<Show when={state.cards}>: {state.cards!.className}</Show></h1>
        <Show when={state.classes.length > 1}>
          <nav class="children" aria-label="Классы">
            <For each={state.classes}>{(c) => <a href={`#/class/${c.classId}`} aria-current={c.classId === state.cards?.classId ? "page" : undefined}>{c.name}</a>}</For>
          </nav>
        </Show>
        <RefusalNote refusal={state.refusal} />
        <Show when={state.cards}>
          {(cards) => (
            <>
              <table class="subjects-table">
                <thead><tr><th scope="col">Ученик</th><th scope="col">Пол</th><th scope="col">Дата рождения</th><th scope="col">Учётная запись ученика</th><th scope="col">Родители</th><th scope="col">Выдано кодов</th><th scope="col"></th></tr></thead>
                <tbody>
                  <For each={cards().students}>
                    {(s) => (
                      <tr data-card={s.id} classList={{ left: s.leftOn !== null }}>
                        <th scope="row">{fullName(s)}<Show when={s.leftOn}> (выбыл {ruDate(s.leftOn!)})</Show></th>
                        <td>{s.sex}</td>
                        <td>{ruDate(s.bornOn)}</td>
                        <td>{s.hasAccount ? "есть" : "нет"}</td>
                        <td>{s.parents.map((p) => `${fullName(p)} (${p.login})`).join("; ") || "—"}</td>
                        <td>{s.openCodes.student + s.openCodes.parent || ""}</td>
                        <td>
                          <button type="button" onClick={() => edit(s)}>Изменить</button>{" "}
                          <Show when={s.leftOn === null}><button type="button" onClick={() => void actions.issue([s.id])}>Новые коды</button></Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <p>
                <button type="button" data-testid="issue-all" disabled={state.busy} onClick={() => void actions.issue()}>Выдать коды приглашения всему классу</button>{" "}
                <a href="#/import">Загрузить список из CSV</a>
              </p>
              <p class="hint">Новый лист заменяет коды, выданные раньше и ещё не использованные. Коды выдаются только на свободные места: если учётная запись ученика или родителя уже есть, код не нужен.</p>
            </>
          )}
        </Show>
        <form class="inline-form" data-testid="card-form" onSubmit={save}>
          <h2>{editing() ? "Изменить карточку" : "Добавить ученика"}</h2>
          <label>Фамилия<input name="surname" required value={draft().surname} onInput={set("surname")} /></label>
          <label>Имя<input name="name" required value={draft().name} onInput={set("name")} /></label>
          <label>Отчество<input name="patronymic" value={draft().patronymic} onInput={set("patronymic")} /></label>
          <label>Пол
            <select name="sex" required value={draft().sex} onChange={set("sex")}>
              <option value="">—</option><option value="м">м</option><option value="ж">ж</option>
            </select>
          </label>
          <label>Дата рождения<input name="bornOn" type="date" required value={draft().bornOn} onInput={set("bornOn")} /></label>
          <button type="submit" disabled={state.busy}>{editing() ? "Сохранить" : "Добавить"}</button>
          <Show when={editing()}><button type="button" onClick={() => { setEditing(null); setDraft({ ...EMPTY }); }}>Отмена</button></Show>
        </form>
      </section>
    </Show>
  );
}
