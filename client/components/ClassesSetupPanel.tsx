/**
 * P2, J1: a year's classes (with their class teacher), the school's subjects
 * and the teaching load: which teacher teaches which subject in which class.
 * Each line of the load is a journal page; each class links to its timetable.
 */
import { createSignal, For, Show, type JSX } from "solid-js";
import type { createSetupStore } from "../stores/setup-store.ts";

type Store = ReturnType<typeof createSetupStore>;
type Input = { currentTarget: { value: string } };

export function ClassesSetupPanel(props: { state: Store[0]; actions: Store[1] }): JSX.Element {
  const canEdit = () => props.state.overview?.canEditCalendar === true;
  const teachers = () => props.state.overview?.teachers ?? [];
  const subjects = () => props.state.overview?.subjects ?? [];
  const classes = () => props.state.detail?.classes ?? [];
  const [cls, setCls] = createSignal({ name: "", grade: "5", classTeacherId: "" });
  const [subject, setSubject] = createSignal({ name: "", doubleMarks: false });
  const [load, setLoad] = createSignal({ classId: "", subjectId: "", teacherId: "" });
  return (
    <div class="classes-setup">
      <h2>Классы</h2>
      <table class="subjects-table" data-testid="classes">
        <thead><tr><th scope="col">Класс</th><th scope="col">Классный руководитель</th><th scope="col">Расписание</th></tr></thead>
        <tbody>
          <For each={classes()}>
            {(c) => (
              <tr data-class={c.name}>
                <th scope="row">{c.name}</th>
                <td>
                  <Show when={canEdit()} fallback={c.classTeacherName || "—"}>
                    <select aria-label={`Классный руководитель ${c.name}`} value={c.classTeacherId ?? ""} onChange={(e: Input) => void props.actions.setClassTeacher(c.classId, e.currentTarget.value || null)}>
                      <option value="">не назначен</option>
                      <For each={teachers()}>{(t) => <option value={t.id}>{t.name}</option>}</For>
                    </select>
                  </Show>
                </td>
                <td><a href={`#/timetable/${c.classId}`} data-timetable={c.name}>Расписание {c.name}</a></td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={canEdit()}>
        <form class="inline-form" data-testid="new-class" onSubmit={async (e) => {
          e.preventDefault();
          const c = cls();
          if (await props.actions.createClass({ name: c.name, grade: Number(c.grade), classTeacherId: c.classTeacherId || null })) setCls({ ...c, name: "" });
        }}>
          <label>Класс<input name="class-name" placeholder="5А" value={cls().name} onInput={(e: Input) => setCls({ ...cls(), name: e.currentTarget.value })} /></label>
          <label>Параллель
            <select name="class-grade" value={cls().grade} onChange={(e: Input) => setCls({ ...cls(), grade: e.currentTarget.value })}>
              <For each={[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}>{(g) => <option value={String(g)}>{g}</option>}</For>
            </select>
          </label>
          <label>Классный руководитель
            <select name="class-teacher" value={cls().classTeacherId} onChange={(e: Input) => setCls({ ...cls(), classTeacherId: e.currentTarget.value })}>
              <option value="">не назначен</option>
              <For each={teachers()}>{(t) => <option value={t.id}>{t.name}</option>}</For>
            </select>
          </label>
          <button type="submit" disabled={props.state.busy}>Добавить класс</button>
        </form>
      </Show>

      <h2>Предметы</h2>
      <Show when={subjects().length > 0} fallback={<p>Предметов пока нет.</p>}>
        <ul class="subject-list" data-testid="subjects">
          <For each={subjects()}>
            {(s) => (
              <li data-subject={s.name}>
                {s.name}{" "}
                <label class="check">
                  <input type="checkbox" checked={s.doubleMarks} disabled={!canEdit() || props.state.busy}
                    onChange={(e) => void props.actions.updateSubject(s.subjectId, { name: s.name, doubleMarks: e.currentTarget.checked })} /> двойные отметки
                </label>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={canEdit()}>
        <form class="inline-form" data-testid="new-subject" onSubmit={async (e) => {
          e.preventDefault();
          if (await props.actions.createSubject(subject())) setSubject({ name: "", doubleMarks: false });
        }}>
          <label>Предмет<input name="subject-name" value={subject().name} onInput={(e: Input) => setSubject({ ...subject(), name: e.currentTarget.value })} /></label>
          <label class="check"><input type="checkbox" name="subject-double" checked={subject().doubleMarks} onChange={(e) => setSubject({ ...subject(), doubleMarks: e.currentTarget.checked })} /> двойные отметки (5/4)</label>
          <button type="submit" disabled={props.state.busy}>Добавить предмет</button>
        </form>
      </Show>

      <h2>Учебная нагрузка</h2>
      <table class="subjects-table" data-testid="load">
        <thead><tr><th scope="col">Класс</th><th scope="col">Предмет</th><th scope="col">Учитель</th></tr></thead>
        <tbody>
          <For each={props.state.detail?.load ?? []}>
            {(l) => (
              <tr data-page={l.pageId}>
                <th scope="row">{classes().find((c) => c.classId === l.classId)?.name}</th>
                <td>{l.subjectName}{l.marksAllowed ? "" : " (без отметок)"}</td>
                <td>
                  <Show when={canEdit()} fallback={l.teacherName}>
                    <select aria-label={`Учитель: ${l.subjectName}`} value={l.teacherId} onChange={(e: Input) => void props.actions.reassign(l.pageId, e.currentTarget.value)}>
                      <For each={teachers()}>{(t) => <option value={t.id}>{t.name}</option>}</For>
                    </select>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={canEdit()}>
        <form class="inline-form" data-testid="new-load" onSubmit={(e) => { e.preventDefault(); void props.actions.addLoad(load().classId, { subjectId: load().subjectId, teacherId: load().teacherId }); }}>
          <label>Класс
            <select name="load-class" value={load().classId} onChange={(e: Input) => setLoad({ ...load(), classId: e.currentTarget.value })}>
              <option value="">—</option>
              <For each={classes()}>{(c) => <option value={c.classId}>{c.name}</option>}</For>
            </select>
          </label>
          <label>Предмет
            <select name="load-subject" value={load().subjectId} onChange={(e: Input) => setLoad({ ...load(), subjectId: e.currentTarget.value })}>
              <option value="">—</option>
              <For each={subjects()}>{(s) => <option value={s.subjectId}>{s.name}</option>}</For>
            </select>
          </label>
          <label>Учитель
            <select name="load-teacher" value={load().teacherId} onChange={(e: Input) => setLoad({ ...load(), teacherId: e.currentTarget.value })}>
              <option value="">—</option>
              <For each={teachers()}>{(t) => <option value={t.id}>{t.name}</option>}</For>
            </select>
          </label>
          <button type="submit" disabled={props.state.busy}>Добавить в нагрузку</button>
        </form>
      </Show>
    </div>
  );
}
