/**
 * Issue 5 (the school's set-up) in Chromium: the deputy edits a plan until its
 * hours match the curriculum (P4: the error is shown, then gone, and the plan
 * is approved); the class teacher makes English groups and puts the students
 * into them, and a move in the middle of a quarter is refused while one at
 * the quarter's end is planned for the next (P2); the administrator's staff
 * screen prints a sheet of the first passwords it issued (A1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";

let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(() => closeAll(browser, server, people));

describe("school set-up (issue 5)", () => {
  it("P4: the deputy edits a plan until its hours match the curriculum: the error is shown, then gone", async () => {
    const deputy = await signInAs(browser, server, "deputy");
    people.push(deputy);
    const d = deputy.page;
    await d.click('[data-testid="plans-link"]');
    await d.click('a[data-plan="История 5"]');
    await d.waitForSelector('[data-testid="plan"]');
    // No topics yet: 0 of 68 hours.
    await expect.poll(() => d.locator('[data-testid="plan-hours-error"]').textContent()).toContain("не хватает 68 часов");
    await d.click('[data-testid="add-topic"]');
    await d.fill('[data-topic-row="1"] input.topic', "Введение. Что изучает история");
    await d.fill('[data-topic-row="1"] input.hours', "4");
    await d.click('[data-testid="add-topic"]');
    await d.fill('[data-topic-row="2"] input.topic', "Древний Египет");
    await d.fill('[data-topic-row="2"] input.hours', "60");
    await expect.poll(() => d.locator('[data-testid="plan-hours-error"]').textContent()).toContain("не хватает 4 часа");
    // A draft that does not match is saved (and said so), but cannot be approved.
    await d.click('[data-testid="save-plan"]');
    await expect.poll(() => d.locator('[data-testid="plan-saved"]').textContent()).toContain("не совпадают");
    expect(await d.locator('[data-testid="approve-plan"]').isDisabled()).toBe(true);
    // Too many hours says so too.
    await d.fill('[data-topic-row="2"] input.hours', "70");
    await expect.poll(() => d.locator('[data-testid="plan-hours-error"]').textContent()).toContain("лишних 6 часов");
    // A third topic, moved up, and the hours match: the error is gone.
    await d.fill('[data-topic-row="2"] input.hours', "50");
    await d.click('[data-testid="add-topic"]');
    await d.fill('[data-topic-row="3"] input.topic', "Первобытные люди");
    await d.fill('[data-topic-row="3"] input.hours', "14");
    await d.locator('[data-topic-row="3"] button[aria-label="Выше"]').click();
    expect(await d.locator('[data-topic-row="2"] input.topic').inputValue()).toBe("Первобытные люди");
    await d.locator('[data-testid="plan-hours-error"]').waitFor({ state: "detached" });
    expect(await d.locator('[data-testid="plan-total"]').textContent()).toContain("68 часов из 68");
    await d.click('[data-testid="save-plan"]');
    await expect.poll(() => d.locator('[data-testid="plan-saved"]').textContent()).toBe("План сохранён.");
    await d.click('[data-testid="approve-plan"]');
    await d.locator('[data-testid="plan-approved"]').waitFor();
    // Reloaded, the plan is as saved.
    await d.reload();
    await d.waitForSelector('[data-topic-row="3"]');
    expect(await d.locator('[data-topic-row="2"] input.topic').inputValue()).toBe("Первобытные люди");
    expect(await d.locator('[data-testid="plan-hours-error"]').count()).toBe(0);
    expect(deputy.errors).toEqual([]);
  });

  it("P2: the class teacher puts students into English groups; a move mid-quarter is refused, at the quarter's end it is planned", async () => {
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    const t = teacher.page;
    await t.click('[data-testid="groups-link"]');
    await t.waitForSelector('[data-testid="groups"] select[name="subject"]');
    await t.selectOption('select[name="subject"]', { label: "Английский язык" });
    for (const name of ["Группа 1", "Группа 2"]) {
      await t.fill('input[name="group-name"]', name);
      await t.click('button:has-text("Создать группу")');
      await t.locator(`th:has-text("${name}")`).waitFor();
    }
    const radio = (student: string, group: string) => t.locator(`tr[data-group-student^="${student}"] input[data-group="${group}"]`);
    await radio("Алексеев", "Группа 1").check();
    await radio("Белова", "Группа 1").check();
    await radio("Волков", "Группа 2").check();
    await t.click('[data-testid="save-groups"]');
    await t.locator('[data-testid="groups-saved"]').waitFor();
    await t.reload();
    await t.waitForSelector('tr[data-group-student^="Алексеев"]');
    expect(await radio("Алексеев", "Группа 1").isChecked()).toBe(true);
    expect(await radio("Волков", "Группа 2").isChecked()).toBe(true);
    // A move dated in the middle of the quarter is refused with the reason.
    await radio("Алексеев", "Группа 2").check();
    await t.fill('input[name="move-date"]', "2026-11-25");
    await t.click('[data-testid="save-groups"]');
    await expect.poll(() => t.locator('[data-testid="refusal"]').textContent()).toContain("только по окончании");
    // The default date is the quarter's last day: the move is planned from the next quarter.
    await radio("Алексеев", "Группа 2").check();
    await t.fill('input[name="move-date"]', "2026-12-28");
    await t.click('[data-testid="save-groups"]');
    await expect.poll(() => t.locator('[data-testid="groups-saved"]').textContent()).toContain("с 12.01.2027");
    await expect.poll(() => t.locator('tr[data-group-student^="Алексеев"] [data-testid="pending-move"]').textContent()).toContain("Группа 2");
    expect(teacher.errors).toEqual([]);
  });

  it("A1: the administrator's staff screen prints a sheet of the first passwords it issued", async () => {
    const admin = await signInAs(browser, server, "admin");
    people.push(admin);
    const a = admin.page;
    await a.click('a[href="#/staff"]');
    for (const [surname, login] of [["Орлова", "orlova"], ["Зайцев", "zaitsev"]] as const) {
      await a.fill('input[name="surname"]', surname);
      await a.fill('input[name="name"]', "Анна");
      await a.fill('input[name="login"]', login);
      await a.click('button:has-text("Создать учётную запись")');
      await a.locator(`[data-sheet-login="${login}"]`).waitFor();
    }
    const password = await a.locator('[data-testid="first-password"] code').textContent();
    expect(await a.locator('[data-sheet-login="zaitsev"] [data-sheet-field="password"]').textContent()).toBe(password);
    expect(await a.locator('[data-sheet-login="orlova"] .who').textContent()).toContain("Орлова Анна");
    await a.click('button:has-text("Очистить лист")');
    await a.locator('[data-testid="staff-password-sheet"]').waitFor({ state: "detached" });
    expect(admin.errors).toEqual([]);
  });
});
