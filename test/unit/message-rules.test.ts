/** M1: the relation rule and the text rule, as pure functions (shared/messages.ts). */
import { describe, expect, it } from "vitest";
import { inboxAccess, mayMessageClassParents, messageRelation, normalizeMessageText, MAX_MESSAGE_CHARS, type Party } from "../../shared/messages.ts";

const party = (userId: string, role: Party["role"], more: Partial<Party> = {}): Party => ({ userId, role, classTeacherOf: [], teaches: [], familyClasses: [], ...more });
const classTeacher5a = party("1", "teacher", { classTeacherOf: ["5a"], teaches: ["5a"] });
const russian5a6b = party("2", "teacher", { teaches: ["5a", "6b"] });
const teacher1a = party("3", "teacher", { teaches: ["1a"] });
const director = party("4", "director");
const medic = party("5", "medic");
const parent5a = party("10", "parent", { familyClasses: ["5a"] });
const parent6b = party("11", "parent", { familyClasses: ["6b"] });
const student5a = party("12", "student", { familyClasses: ["5a"] });
const parentOfLeaver = party("13", "parent", { familyClasses: [] });

describe("who may write to whom (M1)", () => {
  it.each([
    [parent5a, classTeacher5a, true], [parent5a, russian5a6b, true], [parent5a, director, true], [parent5a, teacher1a, false], [parent5a, medic, false],
    [parent6b, classTeacher5a, false], [parent6b, russian5a6b, true], [student5a, classTeacher5a, true], [student5a, teacher1a, false],
    [parent5a, parent6b, false], [parent5a, student5a, false], [student5a, student5a, false],
    [classTeacher5a, parent5a, true], [teacher1a, parent5a, false], [director, parent6b, true], [medic, parent5a, false],
    [classTeacher5a, teacher1a, true], [medic, director, true],
    // D5: a family whose only child left the school keeps the administration, not the teachers.
    [parentOfLeaver, classTeacher5a, false], [parentOfLeaver, director, true],
  ])("%o -> %o: %s", (from, to, allowed) => {
    expect(messageRelation(from, to).ok).toBe(allowed);
  });

  it("all parents of a class: the administration and the class's own teachers", () => {
    expect(mayMessageClassParents(classTeacher5a, "5a").ok).toBe(true);
    expect(mayMessageClassParents(russian5a6b, "5a").ok).toBe(true);
    expect(mayMessageClassParents(teacher1a, "5a").ok).toBe(false);
    expect(mayMessageClassParents(director, "1a").ok).toBe(true);
    expect(mayMessageClassParents(parent5a, "5a").ok).toBe(false);
    expect(mayMessageClassParents(medic, "5a").ok).toBe(false);
  });

  it("an inbox is its owner's only", () => {
    expect(inboxAccess({ userId: "4", role: "director", classTeacherOf: [] }, "10").ok).toBe(false);
    expect(inboxAccess({ userId: "10", role: "parent", classTeacherOf: [] }, "10").ok).toBe(true);
  });
});

describe("the text of a message (M1)", () => {
  it("keeps line breaks, drops control characters, refuses empty and over-long text and anything not a string", () => {
    expect(normalizeMessageText("  Добрый день!\r\nСпасибо.\u0000\u0007 ")).toEqual({ ok: true, text: "Добрый день!\nСпасибо." });
    expect(normalizeMessageText("<b>как есть</b>")).toEqual({ ok: true, text: "<b>как есть</b>" });
    expect(normalizeMessageText(" \n ")).toEqual({ ok: false, code: "message-empty" });
    expect(normalizeMessageText("я".repeat(MAX_MESSAGE_CHARS + 1))).toEqual({ ok: false, code: "text-too-long" });
    expect(normalizeMessageText(42)).toEqual({ ok: false, code: "bad-request" });
  });
});
