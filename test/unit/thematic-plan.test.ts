/** P4: which topic of the calendar-thematic plan the lesson editor offers next. */
import { describe, expect, it } from "vitest";
import { nextPlanTopic, type PlanTopic } from "../../shared/thematic-plan.ts";

const plan: PlanTopic[] = [
  { ord: 1, topic: "Натуральные числа и шкалы", hours: 2 },
  { ord: 2, topic: "Сложение и вычитание натуральных чисел", hours: 1 },
  { ord: 3, topic: "Площади и объёмы", hours: 3 },
];

describe("the plan's next topic (P4)", () => {
  it("offers the first topic to a page with no planned topic yet", () => {
    expect(nextPlanTopic(plan, [])?.ord).toBe(1);
    expect(nextPlanTopic(plan, ["Вводный урок", ""])?.ord).toBe(1);
  });
  it("keeps a topic until it has had its hours, then moves on", () => {
    expect(nextPlanTopic(plan, ["Натуральные числа и шкалы"])?.ord).toBe(1);
    expect(nextPlanTopic(plan, ["Натуральные числа и шкалы", "Натуральные числа и шкалы"])?.ord).toBe(2);
    expect(nextPlanTopic(plan, ["Натуральные числа и шкалы", "Натуральные числа и шкалы", "Контрольная работа № 1", "Сложение и вычитание натуральных чисел"])?.ord).toBe(3);
  });
  it("follows the latest planned topic, also when the teacher went back or skipped", () => {
    expect(nextPlanTopic(plan, ["Площади и объёмы", "Натуральные числа и шкалы"])?.ord).toBe(1);
    expect(nextPlanTopic(plan, ["Сложение и вычитание натуральных чисел "])?.ord).toBe(3);
  });
  it("offers nothing after the plan's last hour, or without a plan", () => {
    expect(nextPlanTopic(plan, ["Площади и объёмы", "Площади и объёмы", "Площади и объёмы"])).toBeNull();
    expect(nextPlanTopic([], ["Площади и объёмы"])).toBeNull();
  });
});
