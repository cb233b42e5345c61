/**
 * D5, R1: the administrator's movement screen: enrol a new student into a
 * class from a date, record that a student left the school, transfer a
 * student to another class of the year. Marks already given stay where they
 * were given; the diary ends on the day a student left.
 */
import { createSignal, For, Show, type JSX } from "solid-js";
import { createMovementStore } from "../stores/planning-store.ts";
import { RefusalNote } from "./FieldNotes.tsx";

const ru = (iso: string) => iso.split("-").reverse().join(".");
const DONE: Record<string, string> = { enrolled: "Ученик зачислен.", left: "Выбытие записано.", transferred: "Ученик переведён." };

export function MovementView(): JSX.Element {
  const [state, actions] = createMovementStore();
  void actions.load();
  const empty = { surname: "", name: "", patronymic: "", sex: "м", bornOn: "", on: "" };
  const [card, setCard] = createSignal({ ...empty });
  const [enrolClass, setEnrolClass] = createSignal("");
  const [studentId, setStudentId] = createSignal("");
  const [on, setOn] = createSignal("");
  const [reason, setReason] = createSignal("");
  const [toClass, setToClass] = createSignal("");
  const set = (key: keyof typeof empty) => (e: { currentTarget: { value: string } }) => setCard({ ...card(), [key]: e.currentTarget.value });
  const day = () => on() || state.today;
  return (
    <section class="people" data-testid="movement">
      <h1>Движение учащихся<Show when={state.year}>{(y) => <>, {y().name}</>}</Show></h1>
      <RefusalNote refusal={state.refusal} />
      <Show when={state.done}>{(d) => <p role="status" data-testid="movement-done">{DONE[d()]}</p>}</Show>

      <h2>Выбытие и перевод</h2>
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label>Ученик
          <select name="student" value={studentId()} onChange={(e) => setStudentId(e.currentTarget.value)}>
            <option value="">—</option>
            <For each={state.students.filter((s) => s.leftOn === null)}>{(s) => <option value={s.id}>{s.className} — {s.fullName}</option>}</For>
          </select>
        </label>
        <label>Дата<input type="date" name="on" value={day()} onInput={(e) => setOn(e.currentTarget.value)} /></label>
        <label>Причина выбытия<input name="reason" maxLength={200} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} /></label>
        <button type="button" disabled={!studentId() || state.busy} onClick={() => void actions.leave(studentId(), day(), reason())}>Выбыл из школы</button>
        <label>В класс
          <select name="to-class" value={toClass()} onChange={(e) => setToClass(e.currentTarget.value)}>
            <option value="">—</option>
            <For each={state.classes}>{(c) => <option value={c.classId}>{c.name}</option>}</For>
          </select>
        </label>
        <button type="button" disabled={!studentId() || !toClass() || state.busy} onClick={() => void actions.transfer(studentId(), toClass(), day())}>Перевести</button>
      </form>

      <h2>Зачисление</h2>
      <form class="inline-form" onSubmit={async (e) => { e.preventDefault(); if (await actions.enrol(enrolClass() || state.classes[0]?.classId || "", { ...card(), on: card().on || state.today })) setCard({ ...empty }); }}>
        <label>Класс
          <select name="class" value={enrolClass()} onChange={(e) => setEnrolClass(e.currentTarget.value)}>
            <For each={state.classes}>{(c) => <option value={c.classId}>{c.name}</option>}</For>
          </select>
        </label>
        <label>Фамилия<input name="surname" required value={card().surname} onInput={set("surname")} /></label>
        <label>Имя<input name="name" required value={card().name} onInput={set("name")} /></label>
        <label>Отчество<input name="patronymic" value={card().patronymic} onInput={set("patronymic")} /></label>
        <label>Пол<select name="sex" value={card().sex} onChange={set("sex")}><option value="м">м</option><option value="ж">ж</option></select></label>
        <label>Дата рождения<input name="bornOn" placeholder="ДД.ММ.ГГГГ" required value={card().bornOn} onInput={set("bornOn")} /></label>
        <label>Зачислен с<input type="date" name="enrol-on" value={card().on || state.today} onInput={set("on")} /></label>
        <button type="submit" disabled={state.busy}>Зачислить</button>
      </form>

      <h2>Выбывшие</h2>
      <ul>
        <For each={state.students.filter((s) => s.leftOn !== null)}>{(s) => <li>{s.fullName}, {s.className} — выбыл {ru(s.leftOn!)}</li>}</For>
      </ul>
    </section>
  );
}
