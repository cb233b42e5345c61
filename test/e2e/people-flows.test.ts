/**
 * Issue 5 in Chromium: a class teacher adds two children to the class and
 * prints the invite sheet; a parent registers with the first child's code,
 * links the second with its code into the same account and opens both
 * diaries (A2, A3, R9). An administrator makes a staff account whose first
 * password is changed at first sign-in (A1).
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

/** A person at the front door, not signed in. */
async function visitor(): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
  await context.clock.install({ time: server.now() });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.url);
  const person = { context, page, errors };
  people.push(person);
  return person;
}

describe("people (issue 5)", () => {
  it("A2, R9: a class teacher issues codes; a parent activates two children into one account and sees both diaries", async () => {
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    const t = teacher.page;
    await t.click('a[href="#/class"]');
    await t.waitForSelector('[data-testid="class-cards"] table');
    for (const [surname, name, patronymic, sex, born] of [["Смирнов", "Глеб", "Антонович", "м", "2015-04-12"], ["Смирнова", "Алла", "Антоновна", "ж", "2016-10-01"]] as const) {
      const form = t.locator('[data-testid="card-form"]');
      await form.locator('input[name="surname"]').fill(surname);
      await form.locator('input[name="name"]').fill(name);
      await form.locator('input[name="patronymic"]').fill(patronymic);
      await form.locator('select[name="sex"]').selectOption(sex);
      await form.locator('input[name="bornOn"]').fill(born);
      await form.locator('button[type="submit"]').click();
      await t.locator(`tr[data-card] th:has-text("${surname} ${name}")`).waitFor();
    }
    // An invalid card is refused with the field named.
    const form = t.locator('[data-testid="card-form"]');
    await form.locator('input[name="surname"]').fill("Смирн0в");
    await form.locator('input[name="name"]').fill("Ян");
    await form.locator('select[name="sex"]').selectOption("м");
    await form.locator('input[name="bornOn"]').fill("2015-01-01");
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => t.locator('[data-testid="refusal"] [data-field="surname"]').textContent()).toContain("Фамилия");

    await t.click('[data-testid="issue-all"]');
    await t.waitForSelector('[data-testid="invite-sheet"]');
    const codeFor = (who: string) => t.locator(`article.slip[data-invite-kind="parent"][data-invite-slot="1"]:has-text("${who}") [data-code]`).textContent();
    const gleb = (await codeFor("Смирнов Глеб"))!.trim();
    const alla = (await codeFor("Смирнова Алла"))!.trim();
    expect(gleb).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(alla).not.toBe(gleb);
    // The sheet is printable: one slip per code, with the student's code too.
    expect(await t.locator('article.slip:has-text("Смирнов Глеб")').count()).toBe(3);

    const parent = await visitor();
    const p = parent.page;
    await p.click('[data-testid="activate-link"]');
    await p.waitForSelector('[data-testid="activate"]');
    await p.check('input[name="kind"][value="parent"]');
    await p.fill('input[name="code"]', gleb.toLowerCase());
    await p.fill('input[name="surname"]', "Смирнова");
    await p.fill('input[name="name"]', "Елена");
    await p.fill('input[name="patronymic"]', "Викторовна");
    await p.fill('input[name="login"]', "smirnova.elena");
    await p.fill('input[name="password"]', "Moi-Parol-2026");
    await p.fill('input[name="passwordAgain"]', "Moi-Parol-2026");
    await p.click('[data-testid="activate"] button[type="submit"]');
    await p.waitForSelector('[data-testid="sign-out"]');
    await expect.poll(() => p.locator("a[data-student-id]").count()).toBe(1);

    // The second child, with its code, into the same account.
    await p.click('[data-testid="add-child"]');
    await p.waitForSelector('[data-testid="activate"]');
    await p.fill('input[name="code"]', gleb);
    await p.click('[data-testid="activate"] button[type="submit"]');
    await expect.poll(() => p.locator('[data-testid="refusal"]').textContent()).toContain("уже");
    await p.fill('input[name="code"]', alla);
    await p.click('[data-testid="activate"] button[type="submit"]');
    await expect.poll(() => p.locator('[data-testid="linked"]').textContent()).toContain("Смирнова Алла Антоновна");
    await p.click('a:has-text("К списку дневников")');
    await expect.poll(() => p.locator("a[data-student-id]").count()).toBe(2);
    const names = await p.locator("a[data-student-id]").allTextContents();
    expect(names.sort()).toEqual(["Смирнов Глеб Антонович", "Смирнова Алла Антоновна"]);
    for (const name of names) {
      await p.click(`a[data-student-id]:has-text("${name}")`);
      await p.waitForSelector('[data-testid="diary"]');
      await expect.poll(() => p.locator("h1").first().textContent()).toContain(name.split(" ")[1]);
      await p.goto(`${server.url}/#/`);
    }

    // The class teacher's list now shows the parent on both cards.
    await t.click('text=Закрыть');
    await t.reload();
    await t.waitForSelector('[data-testid="class-cards"] table');
    await expect.poll(() => t.locator('tr[data-card]:has-text("Смирнова Алла") td').nth(3).textContent()).toContain("smirnova.elena");
  });

  it("A1: an administrator makes a staff account; its first sign-in asks for a new password before anything else", async () => {
    const admin = await signInAs(browser, server, "admin");
    people.push(admin);
    const a = admin.page;
    await a.click('a[href="#/staff"]');
    await a.waitForSelector('[data-testid="staff"] table');
    await a.fill('[data-testid="staff"] input[name="surname"]', "Голубева");
    await a.fill('[data-testid="staff"] input[name="name"]', "Инна");
    await a.fill('[data-testid="staff"] input[name="login"]', "golubeva");
    await a.selectOption('[data-testid="staff"] select[name="role"]', "teacher");
    await a.click('[data-testid="staff"] button[type="submit"]');
    const first = (await a.locator('[data-testid="first-password"] code').textContent())!.trim();
    await expect.poll(() => a.locator('tr[data-staff-login="golubeva"]').textContent()).toContain("ждёт смены первого пароля");

    const staff = await visitor();
    const s = staff.page;
    await s.fill('input[name="login"]', "golubeva");
    await s.fill('input[name="password"]', first);
    await s.click('button[type="submit"]');
    await s.waitForSelector('[data-testid="change-password"]');
    await s.fill('input[name="currentPassword"]', first);
    await s.fill('input[name="newPassword"]', "123");
    await s.fill('input[name="newPasswordAgain"]', "123");
    await s.click('[data-testid="change-password"] button[type="submit"]');
    await expect.poll(() => s.locator('[data-testid="refusal"]').textContent()).toContain("Слишком простой пароль");
    await s.fill('input[name="newPassword"]', "Svoi-Parol-2026");
    await s.fill('input[name="newPasswordAgain"]', "Svoi-Parol-2026");
    await s.click('[data-testid="change-password"] button[type="submit"]');
    await s.waitForSelector('[data-testid="sign-out"]');
    await expect.poll(() => a.reload().then(() => a.locator('tr[data-staff-login="golubeva"]').textContent())).toContain("активна");
  });
  it("CSV import: the class teacher sees row errors and cannot write; the corrected file is written and appears on the cards", async () => {
    const teacher = await signInAs(browser, server, "ivanova");
    people.push(teacher);
    const t = teacher.page;
    await t.click('a[href="#/import"]');
    await t.waitForSelector('[data-testid="import"] select[name="classId"] option', { state: "attached" });
    const bad = "\uFEFFФамилия;Имя;Отчество;Пол;Дата рождения\nКрылов;Иван;;м;12.05.2015\nЛ1сова;Ада;;ж;31.02.2015\n";
    await t.setInputFiles('input[name="file"]', { name: "5a.csv", mimeType: "text/csv", buffer: Buffer.from(bad, "utf8") });
    await expect.poll(() => t.locator('[data-testid="import-summary"]').textContent()).toContain("Ошибок: 2");
    expect(await t.locator('tr[data-import-row="3"]').textContent()).toContain("Неверная дата рождения");
    expect(await t.locator('[data-testid="import-apply"]').isDisabled()).toBe(true);
    await t.setInputFiles('input[name="file"]', { name: "5a.csv", mimeType: "text/csv", buffer: Buffer.from(bad.replace("Л1сова", "Лисова").replace("31.02", "28.02"), "utf8") });
    await expect.poll(() => t.locator('[data-testid="import-summary"]').textContent()).toContain("Ошибок нет: строк 2");
    await t.click('[data-testid="import-apply"]');
    await expect.poll(() => t.locator('[data-testid="import-result"]').textContent()).toContain("Записано: 2");
    await t.goto(`${server.url}/#/class`);
    await t.locator('tr[data-card] th:has-text("Лисова Ада")').waitFor();
  });
});
