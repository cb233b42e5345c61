/**
 * P1-P3, J1, R6 against the real server: the administrator sets up a year
 * (periods, days off, moved days, bells), classes, subjects and the teaching
 * load; the administrator or deputy edits a class's timetable, which makes
 * the lesson columns of its pages from the stored calendar and later changes
 * future lessons only (live, in open pages and diaries); substitutions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, TEST_TODAY, type ServerProcess, stopServer } from "../support/server-process.ts";
import { call, me, openDoc, signIn, until, type DocClient } from "../support/clients.ts";
import { entry } from "../support/journal-fixtures.ts";
import { cellKey, cellsMap, lessonsMap, readLessons, readRoster } from "../../shared/journal-schema.ts";
import { diaryStudentMap, readDiaryLessons } from "../../shared/diary-schema.ts";
import { ORIGIN } from "../../shared/origins.ts";
import type { SetupOverview, TimetableView, YearDetail, DayLessons, LessonChanges } from "../../shared/setup-api.ts";
import type { TimetableSlot } from "../../shared/calendar.ts";

let server: ServerProcess;
let admin: string;
let deputy: string;
const clients: DocClient[] = [];

beforeAll(async () => {
  server = await startServer();
  admin = await signIn(server.url, "admin");
  deputy = await signIn(server.url, "deputy");
});
afterAll(() => stopServer(server, clients));

function open(cookie: string, docName: string): DocClient {
  const c = openDoc(server.url, cookie, docName);
  clients.push(c);
  return c;
}

const NEXT_YEAR = {
  name: "2027/2028",
  start: "01.09.2027",
  end: "2028-05-31",
  periodKind: "quarter",
  periods: [
    { name: "I четверть", start: "2027-09-01", end: "2027-10-24" },
    { name: "II четверть", start: "2027-11-03", end: "2027-12-28" },
    { name: "III четверть", start: "2028-01-12", end: "2028-03-21" },
    { name: "IV четверть", start: "2028-03-30", end: "2028-05-31" },
  ],
  daysOff: [{ start: "2027-11-04", name: "День народного единства" }],
  // A working Saturday that follows Monday's timetable; a Monday made a day off.
  moves: [{ date: "2027-09-18", asWeekday: 1 }, { date: "2027-09-13", asWeekday: null }],
  bells: [{ start: "08:00", end: "08:45" }, { start: "08:55", end: "09:40" }, { start: "10:00", end: "10:45" }],
};

async function overview(cookie = admin): Promise<SetupOverview> {
  return (await call(server.url, cookie, "GET", "/api/setup")).body as SetupOverview;
}

async function yearOf(id: string): Promise<YearDetail> {
  return (await call(server.url, admin, "GET", `/api/years/${id}`)).body as YearDetail;
}

describe("academic year and calendar (P1)", () => {
  it("P1: the administrator creates a year with quarters, a holiday, moved days and its own bells; it reads back as stored", async () => {
    const res = await call(server.url, admin, "POST", "/api/years", NEXT_YEAR);
    expect(res.status).toBe(201);
    const { yearId } = res.body as { yearId: string };
    const detail = await yearOf(yearId);
    expect(detail.year).toMatchObject({ name: "2027/2028", start: "2027-09-01", end: "2028-05-31", periodKind: "quarter", ownBells: true });
    expect(detail.year.periods.map((p) => p.start)).toEqual(["2027-09-01", "2027-11-03", "2028-01-12", "2028-03-30"]);
    expect(detail.year.daysOff).toEqual([{ start: "2027-11-04", end: "2027-11-04", name: "День народного единства" }]);
    expect(detail.year.moves).toEqual([{ date: "2027-09-13", asWeekday: null }, { date: "2027-09-18", asWeekday: 1 }]);
    expect(detail.year.bells).toEqual([{ slot: 1, start: "08:00", end: "08:45" }, { slot: 2, start: "08:55", end: "09:40" }, { slot: 3, start: "10:00", end: "10:45" }]);
    expect((await overview()).years.map((y) => y.name)).toContain("2027/2028");
  });

  it("P1: refuses invalid dates, overlapping periods, periods outside the year or not covering it, the wrong number of periods, a holiday outside the year, a year overlapping another", async () => {
    const post = (patch: Record<string, unknown>) => call(server.url, admin, "POST", "/api/years", { ...NEXT_YEAR, ...patch });
    const codes = async (patch: Record<string, unknown>) => ((await post(patch)).body as { fields: Array<{ field: string; code: string }> }).fields;
    expect((await post({ start: "31.02.2027" })).status).toBe(400);
    expect(await codes({ start: "31.02.2027" })).toContainEqual({ field: "start", code: "invalid-date" });
    expect(await codes({ end: "2027-08-01" })).toContainEqual({ field: "end", code: "year-dates-invalid" });
    const periods = NEXT_YEAR.periods.map((p) => ({ ...p }));
    periods[1]!.start = "2027-10-20";
    expect(await codes({ periods })).toContainEqual({ field: "periods.1.start", code: "period-overlap" });
    const outside = NEXT_YEAR.periods.map((p) => ({ ...p }));
    outside[3]!.end = "2028-06-15";
    expect(await codes({ periods: outside })).toContainEqual({ field: "periods.3.start", code: "period-outside-year" });
    const short = NEXT_YEAR.periods.map((p) => ({ ...p }));
    short[3]!.end = "2028-05-26";
    expect(await codes({ periods: short })).toContainEqual({ field: "periods.3.end", code: "periods-not-covering" });
    expect(await codes({ periodKind: "trimester" })).toContainEqual({ field: "periods", code: "period-count-mismatch" });
    expect(await codes({ daysOff: [{ start: "2028-06-12", name: "День России" }] })).toContainEqual({ field: "daysOff.0", code: "holiday-outside-year" });
    expect(await codes({ moves: [{ date: "2027-09-15", asWeekday: 3 }] })).toContainEqual({ field: "moves.0", code: "moved-day-invalid" });
    expect(await codes({ bells: [{ start: "09:00", end: "08:00" }] })).toContainEqual({ field: "bells.0", code: "invalid-bells" });
    expect(await post({})).toMatchObject({ status: 409, body: { error: "year-overlap" } });
    // Nothing refused was stored.
    expect((await overview()).years.filter((y) => y.name === "2027/2028")).toHaveLength(1);
  });

  it("R1-R3: only the administrator edits the calendar, classes and load; the director and deputy read them; teachers and families do neither; only the deputy (and administrator) the timetable", async () => {
    for (const login of ["director", "deputy", "ivanova", "parent.alekseeva", "alekseev.artem"]) {
      const cookie = await signIn(server.url, login);
      expect(await call(server.url, cookie, "POST", "/api/years", NEXT_YEAR)).toEqual({ status: 403, body: { error: "forbidden" } });
      expect((await call(server.url, cookie, "PUT", "/api/years/1", NEXT_YEAR)).status).toBe(403);
      expect((await call(server.url, cookie, "POST", "/api/years/1/classes", { name: "9Я", grade: 9 })).status).toBe(403);
      expect((await call(server.url, cookie, "POST", "/api/subjects", { name: "Черчение" })).status).toBe(403);
      expect((await call(server.url, cookie, "POST", "/api/classes/1/load", { subjectId: "1", teacherId: "2" })).status).toBe(403);
      expect((await call(server.url, cookie, "PATCH", "/api/classes/1", { name: "5Я" })).status).toBe(403);
      expect((await call(server.url, cookie, "PATCH", "/api/pages/1", { teacherId: "2" })).status).toBe(403);
      const canRead = login === "director" || login === "deputy";
      expect((await call(server.url, cookie, "GET", "/api/setup")).status).toBe(canRead ? 200 : 403);
      expect((await call(server.url, cookie, "GET", "/api/years/1")).status).toBe(canRead ? 200 : 403);
      expect((await call(server.url, cookie, "GET", "/api/classes/1/timetable")).status).toBe(canRead ? 200 : 403);
      expect((await call(server.url, cookie, "GET", "/api/substitutions")).status).toBe(canRead ? 200 : 403);
      // R3: the deputy keeps the timetable; nobody else here does.
      if (login !== "deputy") expect((await call(server.url, cookie, "PUT", "/api/classes/1/timetable", { slots: [] })).status).toBe(403);
    }
    expect((await call(server.url, "", "GET", "/api/setup")).status).toBe(401);
  });

  it("P1: once a year has classes, its number of periods no longer changes", async () => {
    const detail = await yearOf("1");
    const halves = { ...detail.year, periodKind: "half-year", periods: [
      { name: "I полугодие", start: detail.year.start, end: "2026-12-28" }, { name: "II полугодие", start: "2027-01-12", end: detail.year.end },
    ] };
    expect(await call(server.url, admin, "PUT", "/api/years/1", halves)).toMatchObject({ status: 409, body: { error: "year-in-use" } });
  });
});

describe("classes, subjects, teaching load and timetable (P2, P3, J1)", () => {
  it("J1, P3: a new class with a subject and a teacher gets a page; its timetable makes lessons on the calendar's school days only", async () => {
    const yearId = (await overview()).years.find((y) => y.name === "2027/2028")!.yearId;
    const kuznetsova = await signIn(server.url, "kuznetsova");
    const teacherId = (await me(server.url, kuznetsova)).user.id;
    const cls = await call(server.url, admin, "POST", `/api/years/${yearId}/classes`, { name: "7в", grade: 7, classTeacherId: teacherId });
    expect(cls.status).toBe(201);
    const classId = (cls.body as { classId: string }).classId;
    expect(await call(server.url, admin, "POST", `/api/years/${yearId}/classes`, { name: "7В", grade: 7 })).toMatchObject({ status: 409, body: { error: "class-exists" } });
    expect((await call(server.url, admin, "POST", `/api/years/${yearId}/classes`, { name: "12А", grade: 12 })).body).toMatchObject({ error: "invalid-grade" });

    const subject = await call(server.url, admin, "POST", "/api/subjects", { name: "Информатика", doubleMarks: false });
    expect(subject.status).toBe(201);
    const subjectId = (subject.body as { subjectId: string }).subjectId;
    expect((await call(server.url, admin, "POST", "/api/subjects", { name: "информатика" })).body).toMatchObject({ error: "subject-exists" });

    expect((await call(server.url, admin, "POST", `/api/classes/${classId}/load`, { subjectId, teacherId: "1" })).body).toMatchObject({ error: "not-a-teacher" });
    const load = await call(server.url, admin, "POST", `/api/classes/${classId}/load`, { subjectId, teacherId });
    expect(load.status).toBe(201);
    const pageId = (load.body as { pageId: string }).pageId;
    expect((await call(server.url, admin, "POST", `/api/classes/${classId}/load`, { subjectId, teacherId })).body).toMatchObject({ error: "page-exists" });
    const page = (await me(server.url, kuznetsova)).pages.find((p) => p.pageId === pageId);
    expect(page).toMatchObject({ className: "7В", subjectName: "Информатика", access: "write" });

    // Monday slot 2 and Thursday slot 3.
    const slots: TimetableSlot[] = [{ weekday: 1, slot: 2, pageId }, { weekday: 4, slot: 3, pageId }];
    expect((await call(server.url, kuznetsova, "PUT", `/api/classes/${classId}/timetable`, { slots })).status).toBe(403);
    expect((await call(server.url, admin, "PUT", `/api/classes/${classId}/timetable`, { slots: [{ weekday: 1, slot: 5, pageId }] })).body).toMatchObject({ error: "invalid-slot" });
    expect((await call(server.url, admin, "PUT", `/api/classes/${classId}/timetable`, { slots: [{ weekday: 7, slot: 1, pageId }] })).body).toMatchObject({ error: "invalid-weekday" });
    expect((await call(server.url, admin, "PUT", `/api/classes/${classId}/timetable`, { slots: [{ weekday: 1, slot: 1, pageId: "1" }] })).body).toMatchObject({ error: "not-in-teaching-load" });
    const put = await call(server.url, deputy, "PUT", `/api/classes/${classId}/timetable`, { slots });
    expect(put.status).toBe(200);
    expect((put.body as TimetableView & { lessons: LessonChanges }).lessons.added).toBeGreaterThan(50);

    const c = open(kuznetsova, `journal/${pageId}`);
    await c.synced();
    const lessons = readLessons(c.doc);
    const dates = lessons.map((l) => `${l.date}#${l.slot}`);
    expect(dates[0]).toBe("2027-09-02#3"); // the first Thursday
    expect(dates).toContain("2027-09-06#2"); // a Monday
    expect(dates).not.toContain("2027-09-13#2"); // the Monday made a day off
    expect(dates).toContain("2027-09-18#2"); // the working Saturday follows Monday
    expect(dates).not.toContain("2027-11-04#3"); // the holiday
    expect(lessons.some((l) => l.date > "2027-10-24" && l.date < "2027-11-03")).toBe(false); // the autumn holidays
    expect(lessons.at(-1)!.date).toBe("2028-05-29");
    // The year's own bells and period kind reach the page's rules.
    const meta = c.doc.getMap("meta").get("rules") as { bells: Array<{ start: string }> };
    expect(meta.bells[0]!.start).toBe("08:00");
    // J3: a subject's double marks reach its open pages.
    const grammar = () => c.doc.getMap("meta").get("grammar") as { doubleMarks: boolean };
    expect(grammar().doubleMarks).toBe(false);
    expect((await call(server.url, deputy, "PATCH", `/api/subjects/${subjectId}`, { name: "Информатика", doubleMarks: true })).status).toBe(403);
    expect((await call(server.url, admin, "PATCH", `/api/subjects/${subjectId}`, { name: "Информатика", doubleMarks: true })).status).toBe(200);
    await until(() => grammar().doubleMarks, "the page allows double marks");
  });

  it("J1: reassigning a page's teacher: the new teacher gets the page and its rights at once; the old one's open socket is closed", async () => {
    const yearId = (await overview()).years.find((y) => y.name === "2027/2028")!.yearId;
    const page = (await yearOf(yearId)).load[0]!;
    const petrov = await signIn(server.url, "petrov");
    const petrovId = (await me(server.url, petrov)).user.id;
    const smirnovaId = (await me(server.url, await signIn(server.url, "smirnova"))).user.id;
    expect((await call(server.url, deputy, "PATCH", `/api/pages/${page.pageId}`, { teacherId: petrovId })).status).toBe(403);
    const res = await call(server.url, admin, "PATCH", `/api/pages/${page.pageId}`, { teacherId: petrovId });
    expect(res.body).toMatchObject({ pageId: page.pageId, teacherId: petrovId });
    expect((await me(server.url, petrov)).pages.find((p) => p.pageId === page.pageId)?.access).toBe("write");
    const kuznetsova = await signIn(server.url, "kuznetsova");
    // Kuznetsova is still the class teacher of 7В (R4), so she keeps the page; it now names Petrov.
    expect((await me(server.url, kuznetsova)).pages.find((p) => p.pageId === page.pageId)?.teacherName).toMatch(/^Петров/);

    // Petrov, connected, loses the page to Smirnova: his socket closes for good (he is not the class teacher).
    const petrovSocket = open(petrov, `journal/${page.pageId}`);
    await petrovSocket.synced();
    expect((await call(server.url, admin, "PATCH", `/api/pages/${page.pageId}`, { teacherId: smirnovaId })).status).toBe(200);
    expect(await petrovSocket.closed).toEqual({ code: 4403, reason: "not-your-page" });
    expect((await me(server.url, petrov)).pages.some((p) => p.pageId === page.pageId)).toBe(false);
  });
});

describe("timetable edits change future lessons only (P3)", () => {
  it("P3: removing a Wednesday lesson keeps today's and past lessons and future ones with a topic or a substitute; open pages and diaries follow live", async () => {
    const ivanova = await signIn(server.url, "ivanova");
    const ivanovaId = (await me(server.url, ivanova)).user.id;
    const detail = await yearOf("1");
    const cls = detail.classes.find((c) => c.name === "5А")!;
    const math = detail.load.find((l) => l.classId === cls.classId && l.subjectName === "Математика")!;
    const page = open(ivanova, `journal/${math.pageId}`);
    await page.synced();
    const parent = await signIn(server.url, "parent.alekseeva");
    const diaryId = (await me(server.url, parent)).diaries.find((d) => d.className === "5А")!.studentId;
    const diary = open(parent, `diary/${diaryId}`);
    await diary.synced();

    const on = (date: string) => readLessons(page.doc).find((l) => l.date === date && l.slot === 1);
    const before = readLessons(page.doc);
    const pastCount = before.filter((l) => l.date <= TEST_TODAY).length;
    // A topic planned ahead for next Wednesday, a substitute for the one after.
    const nextWed = on("2026-11-25")!;
    page.doc.transact(() => lessonsMap(page.doc).get(nextWed.id)!.set("topic", "Сложение дробей"), ORIGIN.local);
    await until(() => readDiaryLessons(diary.doc)[`${math.pageId}:${nextWed.id}`]?.topic === "Сложение дробей", "the topic in the diary");
    const petrov = (await me(server.url, await signIn(server.url, "petrov"))).user.id;
    expect((await call(server.url, deputy, "POST", "/api/substitutions", { lessonId: on("2026-12-02")!.id, teacherId: petrov, reason: "Курсы" })).status).toBe(200);
    const laterWed = on("2026-12-09")!;
    expect(Object.values(readDiaryLessons(diary.doc)).some((l) => l.lessonId === laterWed.id)).toBe(true);

    const tt = (await call(server.url, deputy, "GET", `/api/classes/${cls.classId}/timetable`)).body as TimetableView;
    // The demo school's week puts Petrov in 5А and 6Б at once: said as a warning, never refused.
    expect(tt.clashes).toContainEqual({ weekday: 1, slot: 2, teacherName: expect.stringMatching(/^Петров/), className: "6Б" });
    const without = tt.slots.filter((s) => !(s.weekday === 3 && s.slot === 1));
    const res = await call(server.url, deputy, "PUT", `/api/classes/${cls.classId}/timetable`, { slots: without });
    expect(res.status).toBe(200);
    const changes = (res.body as { lessons: LessonChanges }).lessons;
    expect(changes).toMatchObject({ added: 0, kept: 2 });
    expect(changes.removed).toBeGreaterThan(10);

    await until(() => on("2026-12-09") === undefined, "the open page loses the later Wednesday lessons");
    expect(on(TEST_TODAY)).toBeDefined();
    expect(on("2026-11-25")?.topic).toBe("Сложение дробей");
    expect(on("2026-12-02")).toBeDefined();
    expect(readLessons(page.doc).filter((l) => l.date <= TEST_TODAY)).toHaveLength(pastCount);
    expect(readLessons(page.doc).some((l) => l.date > "2026-12-02" && l.slot === 1 && new Date(`${l.date}T00:00:00Z`).getUTCDay() === 3)).toBe(false);
    await until(() => !Object.values(readDiaryLessons(diary.doc)).some((l) => l.lessonId === laterWed.id), "the diary loses the removed lesson");

    // Put it back: lessons come back for the future only, none twice, none in the past.
    const back = await call(server.url, admin, "PUT", `/api/classes/${cls.classId}/timetable`, { slots: tt.slots });
    expect((back.body as { lessons: LessonChanges }).lessons.added).toBeGreaterThan(10);
    await until(() => on("2026-12-09") !== undefined, "the open page gets the Wednesday lessons again");
    expect(readLessons(page.doc).filter((l) => l.date <= TEST_TODAY)).toHaveLength(pastCount);
    expect(readLessons(page.doc).filter((l) => l.date === "2026-11-25")).toHaveLength(1);
    // The teacher still writes today's lesson (the rules see the page's lessons as stored).
    const student = readRoster(page.doc)[0]!;
    page.doc.transact(() => cellsMap(page.doc).set(cellKey(student.id, on(TEST_TODAY)!.id), entry("5", ivanovaId, server.now())), ORIGIN.local);
    await new Promise((r) => setTimeout(r, 300));
    expect(page.notices.filter((n) => n.type === "rejected")).toEqual([]);
  });

  it("P1, P3: a new holiday and moved days in the stored calendar move the future lessons with them", async () => {
    const detail = await yearOf("1");
    const cls = detail.classes.find((c) => c.name === "6Б")!;
    const math = detail.load.find((l) => l.classId === cls.classId && l.subjectName === "Математика")!;
    const smirnova = await signIn(server.url, "smirnova");
    const page = open(smirnova, `journal/${math.pageId}`);
    await page.synced();
    const dates = () => readLessons(page.doc).map((l) => l.date);
    expect(dates()).toContain("2026-12-01");
    expect(dates()).toContain("2026-12-03");
    expect(dates()).not.toContain("2026-12-05");
    const parent = await signIn(server.url, "parent.alekseeva");
    const diary = open(parent, `diary/${(await me(server.url, parent)).diaries.find((d) => d.className === "5А")!.studentId}`);
    await diary.synced();
    const year = {
      ...detail.year,
      periods: detail.year.periods.map((p, i) => (i === 1 ? { ...p, name: "2-я четверть" } : p)),
      daysOff: [...detail.year.daysOff, { start: "2026-12-01", end: "2026-12-01", name: "Карантин" }],
      moves: [{ date: "2026-12-05", asWeekday: 2 }, { date: "2026-12-03", asWeekday: null }],
    };
    const res = await call(server.url, admin, "PUT", "/api/years/1", year);
    expect(res.status).toBe(200);
    await until(() => dates().includes("2026-12-05"), "the working Saturday gets Tuesday's lessons");
    expect(dates()).not.toContain("2026-12-01");
    expect(dates()).not.toContain("2026-12-03");
    expect(dates()).toContain(TEST_TODAY);
    // The renamed period reaches the open page's meta and the open diary.
    await until(() => (page.doc.getMap("meta").get("periods") as Array<{ name: string }>)[1]?.name === "2-я четверть", "the page's periods");
    await until(() => (diaryStudentMap(diary.doc).get("periods") as Array<{ name: string }> | undefined)?.[1]?.name === "2-я четверть", "the diary's periods");
  });
});

describe("substitutions (R6)", () => {
  it("R6: the deputy gives today's lesson to another teacher, who may then write it; a teacher or the director may not assign; cancelling ends it", async () => {
    const detail = await yearOf("1");
    const cls = detail.classes.find((c) => c.name === "5А")!;
    const math = detail.load.find((l) => l.classId === cls.classId && l.subjectName === "Математика")!;
    const day = (await call(server.url, deputy, "GET", `/api/substitutions?date=${TEST_TODAY}`)).body as DayLessons;
    const lesson = day.lessons.find((l) => l.pageId === math.pageId && l.slot === 1)!;
    expect(lesson).toMatchObject({ className: "5А", subjectName: "Математика", substitute: null });
    const kuznetsova = await signIn(server.url, "kuznetsova");
    const subId = (await me(server.url, kuznetsova)).user.id;
    const body = { lessonId: lesson.lessonId, teacherId: subId, reason: "Болезнь учителя" };

    for (const login of ["ivanova", "director", "parent.alekseeva"]) {
      expect(await call(server.url, await signIn(server.url, login), "POST", "/api/substitutions", body)).toMatchObject({ status: 403, body: { error: "forbidden" } });
    }
    expect((await call(server.url, deputy, "POST", "/api/substitutions", { ...body, reason: " " })).body).toMatchObject({ error: "field-required" });
    const past = (await call(server.url, deputy, "GET", "/api/substitutions?date=2026-11-17")).body as DayLessons;
    expect(past.canEdit).toBe(false);
    expect(day.canEdit).toBe(true);
    expect(await call(server.url, deputy, "POST", "/api/substitutions", { ...body, lessonId: past.lessons[0]!.lessonId })).toMatchObject({ status: 409, body: { error: "lesson-passed" } });

    expect((await call(server.url, deputy, "POST", "/api/substitutions", body)).status).toBe(200);
    const listed = ((await call(server.url, admin, "GET", `/api/substitutions?date=${TEST_TODAY}`)).body as DayLessons).lessons.find((l) => l.lessonId === lesson.lessonId)!;
    expect(listed.substitute).toMatchObject({ teacherId: subId, reason: "Болезнь учителя" });

    const sub = open(kuznetsova, `journal/${math.pageId}`);
    await sub.synced();
    expect(readLessons(sub.doc).find((l) => l.id === lesson.lessonId)).toBeDefined();
    const student = readRoster(sub.doc)[1]!;
    const key = cellKey(student.id, lesson.lessonId);
    sub.doc.transact(() => cellsMap(sub.doc).set(key, entry("4", subId, server.now())), ORIGIN.local);
    const audit = async () => (await call(server.url, admin, "GET", `/api/audit?doc=journal/${math.pageId}&target=${encodeURIComponent(key)}`)).body as Array<{ decision: string }>;
    let decisions: string[] = [];
    for (let i = 0; i < 100 && decisions.length === 0; i++) {
      decisions = (await audit()).map((a) => a.decision);
      if (decisions.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(decisions).toEqual(["accepted"]);

    expect((await call(server.url, admin, "DELETE", `/api/substitutions/${lesson.lessonId}`)).status).toBe(204);
    sub.doc.transact(() => cellsMap(sub.doc).set(key, entry("5", subId, server.now())), ORIGIN.local);
    await until(() => sub.notices.some((n) => n.type === "rejected"), "the former substitute is refused");
    expect((await audit()).map((a) => a.decision)).toEqual(["accepted", "rejected"]);
  });
});
