/**
 * P2: the class teacher's subgroups of the class for a subject. Make groups,
 * then put each student in one (a radio per group). A student in no group yet
 * is placed at once; a move from one group to another takes effect only at
 * a period's end: the date (the last day of a period) defaults to the end of
 * the current period, and the server refuses any other with a clear reason.
 */
import { createSignal, For, Show, type JSX } from "solid-js";
import { createGroupsStore } from "../stores/planning-store.ts";
import { groupOn, type GroupMember } from "../../shared/groups.ts";
import { RefusalNote } from "./FieldNotes.tsx";

const ru = (iso: string) => iso.split("-").reverse().join(".");

export function GroupsView(props: { classId: string | null }): JSX.Element {
  const [state, actions] = createGroupsStore();
  void actions.init(props.classId);
  const [subjectId, setSubjectId] = createSignal<string>("");
  const [newName, setNewName] = createSignal("");
  const [choice, setChoice] = createSignal(new Map<string, string>());
  const [date, setDate] = createSignal<string | null>(null);

  const subject = () => subjectId() || state.data?.groups[0]?.subjectId || state.data?.subjects.find((s) => s.subjectName === "Английский язык")?.subjectId || state.data?.subjects[0]?.subjectId || "";
  const groups = () => (state.data?.groups ?? []).filter((g) => g.subjectId === subject());
  const members = (): GroupMember[] => (state.data?.members ?? []).filter((m) => groups().some((g) => g.groupId === m.groupId));
  const today = () => state.data?.today ?? "";
  const currentGroup = (studentId: string) => groupOn(members(), studentId, today());
  const pending = (studentId: string) => members().find((m) => m.studentId === studentId && m.from !== null && m.from > today());
  /** The group shown for a student: the one chosen on this screen, else a pending move's, else today's. */
  const shown = (studentId: string) => choice().get(studentId) ?? pending(studentId)?.groupId ?? currentGroup(studentId) ?? "";
  const currentPeriodEnd = () => state.data?.periods.find((p) => p.start <= today() && today() <= p.end)?.end ?? state.data?.periods.find((p) => p.start > today())?.end ?? "";
  const moveDate = () => date() ?? currentPeriodEnd();

  const choose = (studentId: string, groupId: string) => setChoice(new Map(choice()).set(studentId, groupId));
  const save = async () => {
    const byGroup = new Map<string, string[]>();
    for (const [studentId, groupId] of choice()) {
      if (groupId === (pending(studentId)?.groupId ?? currentGroup(studentId) ?? "")) continue;
      byGroup.set(groupId, [...(byGroup.get(groupId) ?? []), studentId]);
    }
    if (await actions.save(byGroup, moveDate())) setChoice(new Map());
  };
  const nameOf = (groupId: string) => groups().find((g) => g.groupId === groupId)?.name ?? "";

  return (
    <section class="people" data-testid="groups">
      <h1>Группы класса<Show when={state.data}>{(d) => <> {d().className}</>}</Show></h1>
      <Show when={state.classes.length > 1}>
        <label>Класс
          <select value={state.classId ?? ""} onChange={(e) => { setChoice(new Map()); void actions.load(e.currentTarget.value); }}>
            <For each={state.classes}>{(c) => <option value={c.classId}>{c.name}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={state.data}>
        {(d) => (
          <>
            <label>Предмет
              <select name="subject" value={subject()} onChange={(e) => { setSubjectId(e.currentTarget.value); setChoice(new Map()); }}>
                <For each={d().subjects}>{(s) => <option value={s.subjectId}>{s.subjectName}</option>}</For>
              </select>
            </label>
            <form class="inline-form" onSubmit={async (e) => { e.preventDefault(); if (await actions.createGroup(subject(), newName())) setNewName(""); }}>
              <label>Новая группа<input name="group-name" required maxLength={40} placeholder="Группа 1" value={newName()} onInput={(e) => setNewName(e.currentTarget.value)} /></label>
              <button type="submit" disabled={state.busy}>Создать группу</button>
            </form>
            <RefusalNote refusal={state.refusal} />
            <Show when={state.done}>
              {(done) => (
                <p role="status" data-testid="groups-saved">
                  Сохранено.<For each={done().moved}>{(m) => <> {d().students.find((s) => s.id === m.studentId)?.fullName}: в новой группе с {ru(m.from)}.</>}</For>
                </p>
              )}
            </Show>
            <Show when={groups().length > 0} fallback={<p>По этому предмету групп нет: класс занимается целиком.</p>}>
              <table class="subjects-table groups-table">
                <thead>
                  <tr><th scope="col">Ученик</th><For each={groups()}>{(g) => <th scope="col">{g.name}</th>}</For><th scope="col">Изменение</th></tr>
                </thead>
                <tbody>
                  <For each={d().students.filter((s) => s.leftOn === null || s.leftOn > today())}>
                    {(s) => (
                      <tr data-group-student={s.fullName}>
                        <th scope="row">{s.fullName}</th>
                        <For each={groups()}>
                          {(g) => (
                            <td>
                              <input type="radio" name={`group-${s.id}`} aria-label={`${s.fullName}: ${g.name}`} data-group={g.name}
                                checked={shown(s.id) === g.groupId} onChange={() => choose(s.id, g.groupId)} />
                            </td>
                          )}
                        </For>
                        <td>
                          <Show when={pending(s.id)}>{(p) => <span data-testid="pending-move">с {ru(p().from!)} — {nameOf(p().groupId)}</span>}</Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <p>
                <label>Перевод между группами — по окончании периода, последний день:{" "}
                  <input type="date" name="move-date" value={moveDate()} onInput={(e) => setDate(e.currentTarget.value || null)} />
                </label>
              </p>
              <p class="hint">Ученик без группы зачисляется сразу. Перевод из одной группы в другую вступает в силу с первого дня следующего периода; отметки остаются в журнале прежней группы.</p>
              <button type="button" data-testid="save-groups" disabled={state.busy || choice().size === 0} onClick={() => void save()}>Сохранить</button>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
