/** A lesson's topic and homework (J2): typed in full, saved when the field is left. */
import { createSignal, Show, type JSX } from "solid-js";
import type { LessonInfo } from "../../shared/journal-schema.ts";
import type { JournalStore } from "../stores/journal-store.ts";
import { errorText } from "../i18n/error-text.ts";

export function LessonEditor(props: { lesson: LessonInfo; store: JournalStore; readOnly: boolean; onClose: () => void }): JSX.Element {
  const [, actions] = props.store;
  const [error, setError] = createSignal<string | null>(null);
  const save = (field: "topic" | "homework", text: string) => {
    if (text === props.lesson[field]) return;
    setError(actions.writeLessonField(props.lesson.id, field, text));
  };
  const date = () => props.lesson.date.split("-").reverse().join(".");
  return (
    <section class="lesson-editor" aria-label={`Урок ${date()}`} data-testid="lesson-editor">
      <h2>Урок {date()}, {props.lesson.slot}-й урок<Show when={props.lesson.substituteName}> — замена: {props.lesson.substituteName}</Show></h2>
      <label>
        Тема урока
        <input name="topic" value={props.lesson.topic} readOnly={props.readOnly} onChange={(e) => save("topic", e.currentTarget.value)} />
      </label>
      <label>
        Домашнее задание
        <textarea name="homework" rows={2} value={props.lesson.homework} readOnly={props.readOnly} onChange={(e) => save("homework", e.currentTarget.value)} />
      </label>
      <Show when={!props.readOnly}>
        <button type="button" onClick={() => save("homework", "Без задания")}>Без задания</button>
      </Show>
      <button type="button" onClick={() => props.onClose()}>Закрыть</button>
      <Show when={error()}><p class="error" role="alert">{errorText(error()!)}</p></Show>
    </section>
  );
}
