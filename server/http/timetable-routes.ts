/**
 * P3, R6 over HTTP: a class's weekly timetable (editing it changes the future
 * lesson columns of its pages, live), and substitutions: the administrator or
 * the deputy gives one lesson to another teacher with a reason, or takes it
 * back. The substitute then fills that lesson on its day (shared/permissions.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { CalendarRepository } from "../storage/calendar-repository.ts";
import type { SetupRepository } from "../storage/setup-repository.ts";
import type { TimetableRepository } from "../storage/timetable-repository.ts";
import type { SchoolAdminRepository } from "../storage/school-admin-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { UpdatePipeline } from "../sync/handle-client-update.ts";
import type { LessonColumns } from "../setup/lesson-columns.ts";
import { canEditTimetable, canReadSetup, checkTimetable } from "../../shared/calendar.ts";
import type { DayLessons, TimetableClash, TimetableView } from "../../shared/setup-api.ts";
import type { TimetableSlot } from "../../shared/calendar.ts";
import { parseDate } from "../../shared/people.ts";
import { localTime } from "../../shared/school-time.ts";
import { syncJournalStructure } from "../documents/journal-structure.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup, body } from "./route-kit.ts";

export interface TimetableDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  calendar: CalendarRepository;
  setup: SetupRepository;
  timetable: TimetableRepository;
  admin: SchoolAdminRepository;
  registry: DocumentRegistry;
  pipeline: UpdatePipeline;
  lessons: LessonColumns;
  now: Clock;
}

export function createTimetableApi(deps: TimetableDeps): RouteGroup {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;
  const actorOf = (req: IncomingMessage) => signedIn(req, deps.sessions, deps.school).actor;

  function bellsOfClass(yearId: string) {
    return deps.calendar.year(yearId, deps.school.rules().bells)?.bells ?? deps.school.rules().bells;
  }

  function view(classId: string): TimetableView {
    const row = deps.setup.classRow(classId);
    if (!row) throw new HttpError(404, "not-found");
    return { classId, className: row.name, yearId: row.yearId, bells: bellsOfClass(row.yearId), slots: deps.timetable.slotsOfClass(classId), load: deps.setup.loadOfClass(classId) };
  }

  /**
   * A teacher in two classes at the same time: said, not refused, since a
   * school fixes its timetable in several passes (and combined lessons exist).
   */
  function clashesOf(classId: string, load: TimetableView["load"], slots: readonly TimetableSlot[]): TimetableClash[] {
    const teacherOf = new Map(load.map((l) => [l.pageId, l]));
    const elsewhere = deps.timetable.teacherSlotsElsewhere(classId);
    return slots.flatMap((s) => {
      const page = teacherOf.get(s.pageId);
      return elsewhere
        .filter((e) => page && e.teacherId === page.teacherId && e.weekday === s.weekday && e.slot === s.slot)
        .map((e) => ({ weekday: s.weekday, slot: s.slot, teacherName: page!.teacherName, className: e.className }));
    });
  }

  /** P3: the class's new week; from tomorrow on, the pages' lessons follow it. */
  async function replace(req: IncomingMessage, res: ServerResponse, classId: string): Promise<void> {
    require(canEditTimetable(actorOf(req)));
    const current = view(classId);
    const checked = checkTimetable((await body(req)).slots, current.bells, new Set(current.load.map((l) => l.pageId)));
    if (!checked.ok) throw new FieldsError(checked.errors);
    deps.timetable.replaceSlots(classId, checked.value);
    const lessons = deps.lessons.regenerateClass(classId);
    sendJson(res, 200, { ...view(classId), lessons, clashes: clashesOf(classId, current.load, checked.value) });
  }

  function day(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const actor = actorOf(req);
    require(canReadSetup(actor));
    const date = parseDate(url.searchParams.get("date") || today());
    if (date === null) throw new HttpError(400, "invalid-date");
    const out: DayLessons = { date, lessons: deps.timetable.lessonsOn(date), teachers: deps.setup.teachers(), canEdit: canEditTimetable(actor).ok && date >= today() };
    sendJson(res, 200, out);
  }

  /** The lesson's page and diaries show the substitute at once (one transaction, then broadcast). */
  function rewriteLesson(pageId: string, lessonId: string, store: () => void): void {
    const journal = deps.registry.journal(pageId);
    if (!journal) throw new HttpError(404, "not-found");
    deps.pipeline.applyServerLessonChange(journal, [lessonId], () => {
      const seed = deps.school.journalSeed(pageId);
      if (seed) syncJournalStructure(journal.doc, seed);
    }, store);
    deps.registry.refreshJournal(pageId);
  }

  /** R6: assigns (or reassigns) a substitute for one lesson that has not passed. */
  async function assign(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const actor = actorOf(req);
    require(canEditTimetable(actor));
    const b = await body(req);
    const lessonId = String(b.lessonId ?? "");
    const teacherId = String(b.teacherId ?? "");
    const reason = typeof b.reason === "string" ? b.reason.replace(/\s+/g, " ").trim() : "";
    const lesson = /^[0-9]{1,12}$/.test(lessonId) ? deps.timetable.lesson(lessonId) : null;
    if (!lesson) throw new HttpError(404, "not-found");
    if (lesson.date < today()) throw new HttpError(409, "lesson-passed");
    if (!deps.setup.isActiveTeacher(teacherId) || teacherId === lesson.teacherId) throw new FieldsError([{ field: "teacherId", code: "not-a-teacher" }]);
    if (reason === "") throw new FieldsError([{ field: "reason", code: "field-required" }]);
    if (reason.length > 500) throw new FieldsError([{ field: "reason", code: "text-too-long" }]);
    rewriteLesson(lesson.pageId, lessonId, () => deps.admin.assignSubstitute(lessonId, teacherId, reason, actor.userId, deps.now()));
    sendJson(res, 200, { pageId: lesson.pageId, lessonId, teacherId });
  }

  /** R6: the lesson goes back to the page's teacher; what the substitute wrote stays (J11). */
  function cancel(req: IncomingMessage, res: ServerResponse, lessonId: string): void {
    require(canEditTimetable(actorOf(req)));
    const lesson = deps.timetable.lesson(lessonId);
    if (!lesson) throw new HttpError(404, "not-found");
    if (lesson.date < today()) throw new HttpError(409, "lesson-passed");
    rewriteLesson(lesson.pageId, lessonId, () => deps.admin.removeSubstitute(lessonId));
    res.writeHead(204, { "cache-control": "no-store" });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    const tt = /^\/api\/classes\/([0-9]{1,12})\/timetable$/.exec(p);
    const sub = /^\/api\/substitutions\/([0-9]{1,12})$/.exec(p);
    if (tt && req.method === "GET") {
      require(canReadSetup(actorOf(req)));
      const v = view(tt[1]!);
      sendJson(res, 200, { ...v, clashes: clashesOf(v.classId, v.load, v.slots) });
    } else if (tt && req.method === "PUT") await replace(req, res, tt[1]!);
    else if (p === "/api/substitutions" && req.method === "GET") day(req, res, url);
    else if (p === "/api/substitutions" && req.method === "POST") await assign(req, res);
    else if (sub && req.method === "DELETE") cancel(req, res, sub[1]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
