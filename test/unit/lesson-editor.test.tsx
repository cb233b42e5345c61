// @vitest-environment jsdom
/**
 * The lesson editor against an in-memory journal: the topic comes from the
 * calendar-thematic plan (P4) or is typed in full; individual homework for
 * one student is a lesson field of its own (J2); the lesson's work type (J5).
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render } from "@solidjs/testing-library";
import * as Y from "yjs";
import { bindJournal } from "../../client/stores/journal-store.ts";
import { LessonEditor } from "../../client/components/LessonEditor.tsx";
import { syncJournalStructure } from "../../server/documents/journal-structure.ts";
import { individualHomeworkField, lessonsMap } from "../../shared/journal-schema.ts";
import { DEFAULT_GRAMMAR } from "../../shared/cell-value.ts";
import { DEFAULT_RULES } from "../../shared/school-rules.ts";
import type { UserInfo } from "../../shared/api.ts";

const NOW = Date.parse("2026-11-18T12:00:00+03:00");
const teacher: UserInfo = { id: "t1", login: "ivanova", fullName: "Иванова Мария Петровна", role: "teacher", classTeacherOf: [] };

function editor(lessonId: string) {
  const doc = new Y.Doc();
  syncJournalStructure(doc, {
    meta: {
      pageId: "p1", classId: "c1", className: "5А", subjectName: "Математика", teacherId: "t1", teacherName: "Иванова М.П.", academicYear: "2026/2027",
      periods: [{ id: "P2", name: "II четверть", start: "2026-11-03", end: "2026-12-28" }], grammar: DEFAULT_GRAMMAR, rules: DEFAULT_RULES,
    },
    students: [
      { id: "s1", entry: { surname: "Алексеев", name: "Артём", patronymic: "", leftOn: null } },
      { id: "s2", entry: { surname: "Белова", name: "Анна", patronymic: "", leftOn: null } },
    ],
    lessons: [
      { id: "l1", date: "2026-11-17", slot: 1, substituteId: null, substituteName: null },
      { id: "l2", date: "2026-11-18", slot: 1, substituteId: null, substituteName: null },
    ],
    permits: [],
  });
  const store = bindJournal(doc, teacher, "write", () => NOW);
  store[1].setPlan([
    { ord: 1, topic: "Натуральные числа и шкалы", hours: 1 },
    { ord: 2, topic: "Сложение и вычитание натуральных чисел", hours: 2 },
  ]);
  const view = render(() => <LessonEditor lesson={store[0].lessons.find((l) => l.id === lessonId)!} store={store} readOnly={false} onClose={() => undefined} />);
  return { doc, store, view, lesson: () => lessonsMap(doc).get(lessonId)! };
}

afterEach(cleanup);

describe("the lesson editor (J2, J5, P4)", () => {
  it("P4: offers the plan's next topic after the earlier lessons' topics, and lists the plan to pick from", () => {
    const { store, view, lesson } = editor("l2");
    store[1].writeLessonField("l1", "topic", "Натуральные числа и шкалы");
    const next = view.getByTestId("next-topic");
    expect(next.textContent).toContain("Сложение и вычитание натуральных чисел");
    fireEvent.click(next);
    expect(lesson().get("topic")).toBe("Сложение и вычитание натуральных чисел");
    expect([...view.container.querySelectorAll("datalist option")].map((o) => o.getAttribute("value"))).toEqual(["Натуральные числа и шкалы", "Сложение и вычитание натуральных чисел"]);
  });

  it("P4: a topic typed in full is kept as typed", () => {
    const { view, lesson } = editor("l2");
    const topic = view.container.querySelector<HTMLInputElement>('input[name="topic"]')!;
    fireEvent.change(topic, { target: { value: "Практическая работа № 5 по теме «Периметр квадрата»" } });
    expect(lesson().get("topic")).toBe("Практическая работа № 5 по теме «Периметр квадрата»");
  });

  it("J2: individual homework goes to one student's own field; emptying it removes it; a student not on the page is refused", () => {
    const { store, view, lesson } = editor("l2");
    fireEvent.change(view.container.querySelector('select[name="individual-student"]')!, { target: { value: "s2" } });
    fireEvent.change(view.container.querySelector('textarea[name="individual-text"]')!, { target: { value: "Карточка № 3" } });
    expect(lesson().get(individualHomeworkField("s2"))).toBe("Карточка № 3");
    expect(lesson().has(individualHomeworkField("s1"))).toBe(false);
    expect(store[0].lessons.find((l) => l.id === "l2")!.individualHomework).toEqual({ s2: "Карточка № 3" });
    expect(store[1].writeIndividualHomework("l2", "s2", "  ")).toBeNull();
    expect(lesson().has(individualHomeworkField("s2"))).toBe(false);
    expect(store[1].writeIndividualHomework("l2", "s99", "Чужое")).toBe("unknown-cell");
  });

  it("J5: the lesson's work type is picked from the school's list", () => {
    const { view, lesson } = editor("l2");
    fireEvent.change(view.container.querySelector('select[name="lesson-work-type"]')!, { target: { value: "test" } });
    expect(lesson().get("workType")).toBe("test");
  });
});
