/**
 * Ar2: the administrator downloads the archive of 5А for the closed first
 * quarter; the test unpacks it, checks every SHA-256 (ours and `sha256sum -c`),
 * the manifest, the CSV contents against what the teacher entered, and that
 * each PDF opens. Open periods and other roles are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { extractText, getDocumentProxy } from "unpdf";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, setRules, signIn } from "../support/clients.ts";
import { writePage, type PageContext } from "../support/demo-entries.ts";
import { entry } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, lessonsMap, periodMarksMap } from "../../shared/journal-schema.ts";
import type { Manifest } from "../../server/archive/class-archive.ts";

let server: ServerProcess;
let math: PageContext;
let q1 = "";
let q2 = "";
let classId = "";

beforeAll(async () => {
  server = await startServer();
  // The first quarter ended on 24 October; a 30-day window still lets the teacher finish its last week.
  await setRules(server.url, { editWindowDays: 30 });
  math = await writePage(server, "ivanova", "5А", "Математика", (c) => {
    const on = (date: string) => c.lessons.find((l) => l.date === date)!;
    const [s1, s2, s3] = c.roster;
    lessonsMap(c.doc).get(on("2026-10-20").id)!.set("topic", "Контрольная работа № 1 по теме «Натуральные числа»");
    lessonsMap(c.doc).get(on("2026-10-20").id)!.set("homework", "Без задания");
    cellsMap(c.doc).set(cellKey(s1!.id, on("2026-10-20").id), entry("5", c.userId, c.now, "test"));
    cellsMap(c.doc).set(cellKey(s2!.id, on("2026-10-21").id), entry("4", c.userId, c.now, "answer"));
    cellsMap(c.doc).set(cellKey(s3!.id, on("2026-10-22").id), entry("Н", c.userId, c.now));
    q1 = c.periods[0]!.id;
    q2 = c.periods.find((p) => p.start <= TEST_TODAY && TEST_TODAY <= p.end)!.id;
    periodMarksMap(c.doc).set(cellKey(s1!.id, q1), { value: "5", at: c.now, by: c.userId });
  });
  const options = (await call(server.url, await signIn(server.url, "ivanova"), "GET", "/api/reports/options")).body as { classes: Array<{ id: string }> };
  classId = options.classes[0]!.id;
}, 60_000);
afterAll(() => stopServer(server));

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const text = (data: Uint8Array) => new TextDecoder().decode(data).replace(/^\uFEFF/, "");
const rows = (data: Uint8Array) => text(data).trimEnd().split("\r\n").map((l) => l.split(";"));

describe("the electronic archive (Ar2)", () => {
  it("Ar2: a closed quarter's bundle: PDFs and CSVs listed in the manifest, every checksum right, the CSVs hold what was entered", async () => {
    const res = await fetch(`${server.url}/api/archive?classId=${classId}&periodId=${q1}`, { headers: { cookie: await signIn(server.url, "admin") } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const folder = "5А I четверть/";
    const names = Object.keys(files).map((n) => n.slice(folder.length));
    expect(Object.keys(files).every((n) => n.startsWith(folder))).toBe(true);
    expect(names.sort()).toEqual([
      "SHA256SUMS", "attendance.csv", "audit.csv",
      "journal/01 Математика.pdf", "journal/02 Русский язык.pdf", "journal/03 Литература.pdf", "journal/04 История.pdf", "journal/05 Английский язык.pdf",
      "lessons.csv", "manifest.json", "marks.csv", "period-marks.csv", "ПРОЧТИТЕ.txt",
    ]);

    // Every file but the checksum list is in it, with the right SHA-256.
    const sums = text(files[`${folder}SHA256SUMS`]!).trimEnd().split("\n").map((l) => l.split("  ") as [string, string]);
    expect(sums.map(([, p]) => p).sort()).toEqual(names.filter((n) => n !== "SHA256SUMS").sort());
    for (const [hash, path] of sums) expect(sha256(files[folder + path]!), path).toBe(hash);
    // ...and a stock tool agrees, on the files as unpacked to disk.
    const dir = mkdtempSync(join(tmpdir(), "zhurnal-archive-"));
    try {
      for (const [name, data] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), data);
      }
      const check = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: join(dir, folder), encoding: "utf8" });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const manifest = JSON.parse(text(files[`${folder}manifest.json`]!)) as Manifest;
    expect(manifest).toMatchObject({ format: "zhurnal-archive/1", className: "5А", classTeacher: "Иванова М.П.", academicYear: "2026/2027", createdBy: "Соколов Дмитрий Алексеевич" });
    expect(manifest.period).toMatchObject({ id: q1, name: "I четверть", start: "2026-09-01", end: "2026-10-24" });
    for (const f of manifest.files) expect({ path: f.path, bytes: files[folder + f.path]!.byteLength, sha256: sha256(files[folder + f.path]!) }).toEqual({ path: f.path, bytes: f.bytes, sha256: f.sha256 });

    // What the teacher entered, and nothing else (the other pages are empty).
    const marks = rows(files[`${folder}marks.csv`]!);
    expect(marks[0]).toEqual(["Предмет", "Ученик", "Дата урока", "Урок", "Отметка", "Вид работы", "Вес", "Внесено (время автора)", "Кем"]);
    expect(marks.slice(1).map((r) => [...r.slice(0, 7), r[8]])).toEqual([
      ["Математика", "Алексеев Артём Дмитриевич", "2026-10-20", "1", "5", "Контрольная работа", "2", "Иванова М.П."],
      ["Математика", "Белова Анастасия Игоревна", "2026-10-21", "1", "4", "Ответ на уроке", "1", "Иванова М.П."],
    ]);
    expect(marks[1]![7]).toMatch(/^2026-11-18 12:\d\d:\d\d$/); // entered today, school time
    expect(rows(files[`${folder}attendance.csv`]!).slice(1).map((r) => r.slice(0, 5))).toEqual([["Математика", "Волков Максим Андреевич", "2026-10-22", "1", "Н"]]);
    expect(rows(files[`${folder}period-marks.csv`]!).slice(1).map((r) => r.slice(0, 4))).toEqual([["Математика", "Алексеев Артём Дмитриевич", "I четверть", "5"]]);
    const lessons = rows(files[`${folder}lessons.csv`]!).slice(1);
    const mathLessons = lessons.filter((r) => r[0] === "Математика");
    expect(mathLessons).toHaveLength(manifest.pages.find((p) => p.subject === "Математика")!.lessons);
    expect(mathLessons.find((r) => r[2] === "2026-10-20")!.slice(4, 6)).toEqual(["Контрольная работа № 1 по теме «Натуральные числа»", "Без задания"]);
    expect(lessons.every((r) => r[2]! >= "2026-09-01" && r[2]! <= "2026-10-24")).toBe(true);
    // The audit trail of the quarter: topic, homework, three cells and the period mark, all accepted.
    const audit = rows(files[`${folder}audit.csv`]!).slice(1);
    expect(audit).toHaveLength(6);
    expect(audit.every((r) => r[0] === "Математика" && r[7] === "accepted" && r[3]!.startsWith("Иванова М.П."))).toBe(true);
    expect(audit.map((r) => r[6]).sort()).toEqual(["4", "5", "5", "Без задания", "Контрольная работа № 1 по теме «Натуральные числа»", "Н"]);

    // The printed journals open, and say what they are.
    const pdf = await getDocumentProxy(files[`${folder}journal/01 Математика.pdf`]!);
    const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
    expect(totalPages).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toContain("Классный журнал 5А");
    expect(pages.join(" ")).toContain("Натуральные числа");
  });

  it("Ar2: only a period that has ended is archived, and only by the administrator", async () => {
    const admin = await signIn(server.url, "admin");
    expect(await call(server.url, admin, "GET", `/api/archive?classId=${classId}&periodId=${q2}`)).toEqual({ status: 409, body: { error: "period-not-closed" } });
    expect(await call(server.url, admin, "GET", `/api/archive?classId=${classId}&periodId=year`)).toEqual({ status: 409, body: { error: "period-not-closed" } });
    for (const login of ["director", "deputy", "ivanova", "parent.alekseeva"]) {
      expect(await call(server.url, await signIn(server.url, login), "GET", `/api/archive?classId=${classId}&periodId=${q1}`)).toEqual({ status: 403, body: { error: "forbidden" } });
    }
    expect((await call(server.url, admin, "GET", `/api/archive?classId=999&periodId=${q1}`)).status).toBe(404);
  });
});
