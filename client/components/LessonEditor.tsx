/**
 * A lesson's topic (picked from the calendar-thematic plan or typed in full,
 * P4), homework or `Без задания`, files, individual homework for a student,
 * and the lesson's work type (J2, J5). Saved when a field is left.
 */
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import { nextPlanTopic } from "../../shared/thematic-plan.ts";
import { ATTACHMENT_ACCEPT } from "../../shared/attachments.ts";
import { AttachmentLink } from "./AttachmentLink.tsx";
import type { LessonInfo } from "../../shared/journal-schema.ts";
import type { JournalStore } from "../stores/journal-store.ts";
import { errorText } from "../i18n/error-text.ts";

export function LessonEditor(props: { lesson: LessonInfo; store: JournalStore; readOnly: boolean; onClose: () => void }): JSX.Element {
  const [state, actions] = props.store;
  const [error, setError] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const save = (field: "topic" | "homework", text: string) => {
    if (text === props.lesson[field]) return;
    setError(actions.writeLessonField(props.lesson.id, field, text));
  };
  const [sending, setSending] = createSignal(false);
  const attach = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setSending(true);
    setError(await actions.attachFile(props.lesson.id, file));
    setSending(false);
    input.value = "";
  };
  const remove = async (id: string) => setError(await actions.removeAttachment(props.lesson.id, id));
  const date = () => props.lesson.date.split("-").reverse().join(".");
  /** P4: the topic the plan has next, after the topics of the earlier lessons. */
  const suggestion = createMemo(() => {
    const earlier = state.lessons.filter((l) => l.date < props.lesson.date || (l.date === props.lesson.date && l.slot < props.lesson.slot)).map((l) => l.topic);
    return nextPlanTopic(state.plan, earlier);
  });
  const listId = () => `plan-topics-${props.lesson.id}`;
  let topicInput!: HTMLInputElement;
  const [forStudent, setForStudent] = createSignal("");
  const nameOf = (id: string) => {
    const s = state.roster.find((r) => r.id === id);
    return s ? `${s.surname} ${s.name}` : id;
  };
  const individual = () => Object.entries(props.lesson.individualHomework).sort((a, b) => nameOf(a[0]).localeCompare(nameOf(b[0]), "ru"));
  return (
    <section class="lesson-editor" aria-label={`Урок ${date()}`} data-testid="lesson-editor">
      <h2>Урок {date()}, {props.lesson.slot}-й урок<Show when={props.lesson.substituteName}> — замена: {props.lesson.substituteName}</Show></h2>
      <label>
        Тема урока
        <input ref={topicInput} name="topic" list={listId()} value={props.lesson.topic} readOnly={props.readOnly} onChange={(e) => save("topic", e.currentTarget.value)} />
      </label>
      {/* P4: the plan's topics to pick from; any topic may still be typed in full. */}
      <datalist id={listId()}>
        <For each={state.plan}>{(t) => <option value={t.topic}>{t.ord}. {t.topic} ({t.hours} ч)</option>}</For>
      </datalist>
      <Show when={!props.readOnly && suggestion() && suggestion()!.topic !== props.lesson.topic}>
        <button type="button" data-testid="next-topic" onClick={() => {
          topicInput.value = suggestion()!.topic;
          save("topic", suggestion()!.topic);
        }}>По плану: «{suggestion()!.topic}»</button>
      </Show>
      <div class="lesson-work-type">
        <label>
          Вид работы на уроке
          <select name="lesson-work-type" aria-keyshortcuts="Alt+Shift+ArrowDown" disabled={props.readOnly} onChange={(e) => setError(actions.writeLessonField(props.lesson.id, "workType", e.currentTarget.value))}>
            <option value="" selected={!props.lesson.workType}>по выбору учителя для каждой отметки</option>
            <For each={state.meta?.rules.workTypes ?? []}>{(w) => <option value={w.id} selected={w.id === props.lesson.workType}>{w.name} (вес {w.weight})</option>}</For>
          </select>
        </label>
        <Show when={!props.readOnly && props.lesson.workType}>
          <button type="button" onClick={() => {
            const refused = actions.setWorkType(state.roster.map((s) => ({ studentId: s.id, lessonId: props.lesson.id })), props.lesson.workType!);
            setNotice(refused > 0 ? `Не изменено отметок: ${refused} (причина — в ячейке).` : "Вид работы отметок урока изменён.");
          }}>Применить к отметкам урока</button>
        </Show>
      </div>
      <label>
        Домашнее задание
        <textarea name="homework" rows={2} value={props.lesson.homework} readOnly={props.readOnly} onChange={(e) => save("homework", e.currentTarget.value)} />
      </label>
      <Show when={!props.readOnly}>
        <button type="button" onClick={() => save("homework", "Без задания")}>Без задания</button>
      </Show>
      <fieldset class="individual-homework" data-testid="individual-homework">
        <legend>Индивидуальное задание (видно только в дневнике ученика)</legend>
        <For each={individual()}>
          {([studentId, text]) => (
            <label>
              {nameOf(studentId)}
              <textarea name={`hw-${studentId}`} rows={1} value={text} readOnly={props.readOnly} onChange={(e) => setError(actions.writeIndividualHomework(props.lesson.id, studentId, e.currentTarget.value))} />
            </label>
          )}
        </For>
        <Show when={!props.readOnly}>
          <div class="add-individual">
            <select name="individual-student" aria-label="Ученик" onChange={(e) => setForStudent(e.currentTarget.value)}>
              <option value="" selected={forStudent() === ""}>ученик…</option>
              <For each={state.roster.filter((s) => !props.lesson.individualHomework[s.id] && !(s.leftOn && s.leftOn <= props.lesson.date))}>
                {(s) => <option value={s.id}>{s.surname} {s.name}</option>}
              </For>
            </select>
            <textarea name="individual-text" aria-label="Индивидуальное задание" rows={1} disabled={forStudent() === ""} onChange={(e) => {
              const text = e.currentTarget.value;
              if (!forStudent() || text.trim() === "") return;
              const refusal = actions.writeIndividualHomework(props.lesson.id, forStudent(), text);
              setError(refusal);
              if (!refusal) {
                e.currentTarget.value = "";
                setForStudent("");
              }
            }} />
          </div>
        </Show>
      </fieldset>
      <div class="attachments" data-testid="lesson-attachments">
        <For each={props.lesson.attachments}>
          {(a) => (
            <span class="attachment">
              <AttachmentLink attachment={a} />
              <Show when={!props.readOnly}>
                <button type="button" aria-label={`Удалить файл ${a.name}`} onClick={() => void remove(a.id)}>×</button>
              </Show>
            </span>
          )}
        </For>
        <Show when={!props.readOnly}>
          <label class="attach">
            {sending() ? "Отправка…" : "Прикрепить файл"}
            <input type="file" name="attachment" accept={ATTACHMENT_ACCEPT} disabled={sending()} onChange={(e) => void attach(e.currentTarget)} />
          </label>
        </Show>
      </div>
      <button type="button" onClick={() => props.onClose()}>Закрыть</button>
      <Show when={error()}><p class="error" role="alert">{errorText(error()!)}</p></Show>
      <Show when={notice()}><p class="notice" role="status">{notice()}</p></Show>
    </section>
  );
}
