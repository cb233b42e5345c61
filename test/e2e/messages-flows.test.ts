/**
 * M1 in Chromium: a parent and the class teacher exchange messages live both
 * ways with unread counts; the conversation reads with no network; a message
 * carrying markup and script stays inert text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type ServerProcess } from "../support/server-process.ts";
import { closeAll, launchBrowser, signInAs, type Person } from "../support/browser.ts";
import { call, me, signIn } from "../support/clients.ts";

let server: ServerProcess;
let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(() => closeAll(browser, server, people));

async function person(login: string): Promise<Person> {
  const p = await signInAs(browser, server, login);
  people.push(p);
  return p;
}

const unreadTotal = (page: Page) => page.locator('[data-testid="unread-total"]');

async function reply(page: Page, text: string): Promise<void> {
  await page.fill('.thread textarea[name="text"]', text);
  await page.click('.thread button[type="submit"]');
}

describe("messages between a family and the school (M1)", () => {
  it("a parent and the class teacher exchange messages live both ways, with unread counts; the conversation reads offline", async () => {
    const ivanovaId = (await me(server.url, await signIn(server.url, "ivanova"))).user.id;
    const parent = await person("parent.alekseeva");
    const teacher = await person("ivanova");
    await teacher.page.click('[data-testid="messages-link"]');
    await teacher.page.waitForSelector('[data-testid="messages"]');

    // The parent starts a conversation with the class teacher.
    await parent.page.click('[data-testid="messages-link"]');
    await parent.page.click('[data-testid="new-message"]');
    await expect.poll(() => parent.page.locator(`select[name="to"] option[value="${ivanovaId}"]`).count(), { timeout: 10_000 }).toBe(1);
    await parent.page.selectOption('select[name="to"]', ivanovaId);
    await parent.page.fill('.new-message textarea[name="text"]', "Мария Петровна, Артём завтра уйдёт после третьего урока.\nЗаписка будет.");
    await parent.page.click('.new-message button[type="submit"]');
    await parent.page.waitForSelector(".thread [data-message-id]");

    // It arrives at the teacher's without a reload, counted as unread.
    await expect.poll(() => unreadTotal(teacher.page).textContent(), { timeout: 10_000 }).toBe("1");
    const link = teacher.page.locator("[data-conversation-link]").first();
    expect(await link.locator("[data-unread]").textContent()).toBe("1");
    expect(await link.textContent()).toContain("Алексеева");
    await link.click();
    await expect.poll(() => teacher.page.locator(".thread .message-text").first().textContent(), { timeout: 10_000 }).toBe("Мария Петровна, Артём завтра уйдёт после третьего урока.\nЗаписка будет.");
    // Seeing it clears the count.
    await expect.poll(() => unreadTotal(teacher.page).count(), { timeout: 10_000 }).toBe(0);

    // The answer goes back live; the parent, looking at the conversation, reads it at once.
    await reply(teacher.page, "Хорошо, отпущу.");
    await expect.poll(() => parent.page.locator(".thread .message-text").last().textContent(), { timeout: 10_000 }).toBe("Хорошо, отпущу.");
    await expect.poll(() => unreadTotal(parent.page).count(), { timeout: 10_000 }).toBe(0);

    // And once more each way, while the teacher is elsewhere in the app: the count shows in the header.
    await teacher.page.click(".brand");
    await reply(parent.page, "Спасибо!");
    await expect.poll(() => unreadTotal(teacher.page).textContent(), { timeout: 10_000 }).toBe("1");
    await teacher.page.click('[data-testid="messages-link"]');
    await teacher.page.locator("[data-conversation-link]").first().click();
    await expect.poll(() => teacher.page.locator(".thread .message-text").last().textContent(), { timeout: 10_000 }).toBe("Спасибо!");

    // Offline: the last synced conversation is still there, saying how old it is.
    await parent.context.setOffline(true);
    await parent.page.reload();
    await expect.poll(() => parent.page.locator(".thread .message-text").count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => parent.page.textContent("body"), { timeout: 10_000 }).toContain("Сообщения на");
    // Sending needs the server: it says so, and nothing is pretended sent.
    await reply(parent.page, "Это не уйдёт");
    await expect.poll(() => parent.page.locator('[role="alert"]').textContent(), { timeout: 10_000 }).toContain("Нет связи");
    expect(await parent.page.locator(".thread .message-text").count()).toBe(3);
    await parent.context.setOffline(false);
  });

  it("a message with markup and script stays text: nothing runs, no element is made from it", async () => {
    const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>жирный</b> & "кавычки"`;
    const parentCookie = await signIn(server.url, "parent.belova");
    const ivanovaId = (await me(server.url, await signIn(server.url, "ivanova"))).user.id;
    const sent = await call(server.url, parentCookie, "POST", "/api/messages", { to: ivanovaId, text: payload });
    expect(sent.status).toBe(201);
    const { conversationId } = sent.body as { conversationId: string };
    const teacher = await person("ivanova");
    await teacher.page.goto(`${server.url}/#/messages/${conversationId}`);
    const text = teacher.page.locator(".thread .message-text").last();
    await expect.poll(() => text.textContent(), { timeout: 10_000 }).toBe(payload);
    expect(await teacher.page.locator(".thread img, .thread script, .thread b").count()).toBe(0);
    expect(await teacher.page.locator(`[data-conversation-link="${conversationId}"] .preview`).textContent()).toContain("<img src=x");
    expect(await teacher.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});
