/** J8 deadlines for monitoring (Rep2), the stricter regulation by default. */
import { describe, expect, it } from "vitest";
import { addWorkingDays, cellEntryKind, controlWorkKind, deadlineOf, formatLocal, monitoringWindow } from "../../shared/timeliness.ts";
import { DEFAULT_RULES } from "../../shared/school-rules.ts";

const due = (kind: Parameters<typeof deadlineOf>[0], lessonDate: string, lastSlot: number | null = null, periodEnd?: string) =>
  formatLocal(deadlineOf(kind, { lessonDate, lastSlot, periodEnd }, DEFAULT_RULES));

describe("J8: deadlines", () => {
  it("J8: attendance, oral marks and topics on the lesson's day", () => {
    expect(due("attendance", "2026-11-20")).toBe("2026-11-20 23:59");
    expect(due("oral-mark", "2026-11-20")).toBe("2026-11-20 23:59");
    expect(due("topic", "2026-11-20")).toBe("2026-11-20 23:59");
  });

  it("J8: homework 1.5 h after the class's last lesson (slot 6 ends 14:10 -> 15:40)", () => {
    expect(due("homework", "2026-11-20", 6)).toBe("2026-11-20 15:40");
  });

  it("J8: written works 3 working days, essays 5, skipping the weekend (Friday 20th -> Wed 25th, Fri 27th)", () => {
    expect(addWorkingDays("2026-11-20", 3)).toBe("2026-11-25");
    expect(due("written-mark", "2026-11-20")).toBe("2026-11-25 23:59");
    expect(due("essay-mark", "2026-11-20")).toBe("2026-11-27 23:59");
  });

  it("J8: period marks 2 days before the period's last day", () => {
    expect(due("period-mark", "2026-12-28", null, "2026-12-28")).toBe("2026-12-26 23:59");
  });

  it("J8: an entry's kind from its value and work type; a control work from its topic or marks", () => {
    expect(cellEntryKind("Н", undefined)).toBe("attendance");
    expect(cellEntryKind("5", "answer")).toBe("oral-mark");
    expect(cellEntryKind("4", "test")).toBe("written-mark");
    expect(cellEntryKind("5/4", "essay")).toBe("essay-mark");
    expect(controlWorkKind("Практическая работа № 5 по теме «Периметр квадрата»", [])).toBe("written-mark");
    expect(controlWorkKind("Сочинение по картине", [])).toBe("essay-mark");
    expect(controlWorkKind("Сложение дробей", ["answer"])).toBeNull();
    expect(controlWorkKind("Сложение дробей", ["answer", "dictation"])).toBe("written-mark");
  });

  it("Rep2: the week is Monday to Sunday, the month its calendar days", () => {
    expect(monitoringWindow("week", "2026-11-18")).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(monitoringWindow("week", "2026-11-22")).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(monitoringWindow("month", "2026-02-10")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(monitoringWindow("month", "2026-12-31")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });
});
