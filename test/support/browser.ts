/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser.
 * One browser per test file, one context (own cookies, IndexedDB, service
 * worker) per person.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../server/seed/demo-school.ts";
import { removeDataDir, type ServerProcess } from "./server-process.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * A new person at the app's front door, signed in through the login form.
 * The browser's clock runs from the server's (tests start it at TEST_NOW),
 * so what the app predicts is what the server decides.
 */
export async function signInAs(browser: Browser, server: { url: string; now(): number }, login: string): Promise<Person> {
  const baseUrl = server.url;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
  await context.clock.install({ time: server.now() });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(baseUrl);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="sign-out"]');
  return { context, page, errors };
}

/** After a browser test file: says what the pages logged as errors, then closes the browser and the server and removes its data. */
export async function closeAll(browser: Browser | undefined, server: ServerProcess | undefined, people: Person[] = []): Promise<void> {
  for (const p of people) if (p.errors.length) console.log("page errors:", p.errors);
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
}
