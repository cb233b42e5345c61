/**
 * The school's set-up over HTTP (P1, P2, J1): academic years with their
 * calendar, classes, subjects and the teaching load (a page per class and
 * subject, with its teacher). Rights come from shared/calendar.ts: the
 * administrator edits, the director and deputy read.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { CalendarRepository } from "../storage/calendar-repository.ts";
import type { SetupRepository } from "../storage/setup-repository.ts";
import type { DocumentRegistry } from "../documents/document-registry.ts";
import type { LessonColumns } from "../setup/lesson-columns.ts";
import { canEditCalendar, canEditTimetable, canReadSetup, checkClass, checkSubject, checkYear, PERIOD_COUNTS } from "../../shared/calendar.ts";
import type { SetupOverview, YearDetail } from "../../shared/setup-api.ts";
import { localTime } from "../../shared/school-time.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup, body } from "./route-kit.ts";

export interface SetupDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  calendar: CalendarRepository;
  setup: SetupRepository;
  registry: DocumentRegistry;
  lessons: LessonColumns;
  now: Clock;
  /** After a class's name or teacher changed: its pages and diaries show it. */
  rosterChanged: (classId: string) => void;
  /** After who teaches a page or who is a class teacher changed: open sockets on the page are checked again. */
  accessChanged: (pageId: string) => void;
}

const ID = "([0-9]{1,12})";

export function createSetupApi(deps: SetupDeps): RouteGroup {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;
  const actorOf = (req: IncomingMessage) => signedIn(req, deps.sessions, deps.school).actor;

  function overview(req: IncomingMessage, res: ServerResponse): void {
    const actor = actorOf(req);
    require(canReadSetup(actor));
    const out: SetupOverview = {
      years: deps.calendar.years(), teachers: deps.setup.teachers(), subjects: deps.setup.subjects(), today: today(),
      canEditCalendar: canEditCalendar(actor).ok, canEditTimetable: canEditTimetable(actor).ok,
    };
    sendJson(res, 200, out);
  }

  function yearDetail(req: IncomingMessage, res: ServerResponse, yearId: string): void {
    require(canReadSetup(actorOf(req)));
    const year = deps.calendar.year(yearId, deps.school.rules().bells);
    if (!year) throw new HttpError(404, "not-found");
    const { periodIds: _ids, ...cal } = year;
    const out: YearDetail = { year: cal, inUse: deps.calendar.yearInUse(yearId), classes: deps.setup.classesOfYear(yearId), load: deps.setup.loadOfYear(yearId) };
    sendJson(res, 200, out);
  }

  /** Two years never share a day: the school's date must name one year. */
  function refuseOverlap(start: string, end: string, except: string | null): void {
    if (deps.calendar.years().some((y) => y.yearId !== except && y.start <= end && start <= y.end)) throw new FieldsError([{ field: "start", code: "year-overlap" }], 409);
  }

  async function createYear(req: IncomingMessage, res: ServerResponse): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    const checked = checkYear(await body(req));
    if (!checked.ok) throw new FieldsError(checked.errors);
    refuseOverlap(checked.value.start, checked.value.end, null);
    sendJson(res, 201, { yearId: deps.calendar.createYear(checked.value) });
  }

  /** P1: a year's calendar changed: its pages get the new periods and bells, and future lessons follow the new school days. */
  async function updateYear(req: IncomingMessage, res: ServerResponse, yearId: string): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    const before = deps.calendar.year(yearId, deps.school.rules().bells);
    if (!before) throw new HttpError(404, "not-found");
    const checked = checkYear(await body(req));
    if (!checked.ok) throw new FieldsError(checked.errors);
    refuseOverlap(checked.value.start, checked.value.end, yearId);
    // Period marks refer to the periods: once the year has classes, their number stays.
    if (deps.calendar.yearInUse(yearId) && PERIOD_COUNTS[checked.value.periodKind] !== before.periods.length) {
      throw new FieldsError([{ field: "periodKind", code: "year-in-use" }], 409);
    }
    deps.calendar.updateYear(yearId, checked.value);
    for (const load of deps.setup.loadOfYear(yearId)) deps.registry.refreshJournal(load.pageId);
    sendJson(res, 200, { yearId, lessons: await deps.lessons.followYear(yearId) });
  }

  function classTeacher(value: unknown): string | null {
    if (value === null || value === undefined || value === "") return null;
    const id = String(value);
    if (!deps.setup.isActiveTeacher(id)) throw new FieldsError([{ field: "classTeacherId", code: "not-a-teacher" }]);
    return id;
  }

  async function createClass(req: IncomingMessage, res: ServerResponse, yearId: string): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    if (!deps.calendar.year(yearId, [])) throw new HttpError(404, "not-found");
    const b = await body(req);
    const checked = checkClass(b);
    if (!checked.ok) throw new FieldsError(checked.errors);
    const teacherId = classTeacher(b.classTeacherId);
    if (deps.setup.classNamed(yearId, checked.value.name)) throw new FieldsError([{ field: "name", code: "class-exists" }], 409);
    sendJson(res, 201, { classId: deps.setup.createClass(yearId, checked.value.name, checked.value.grade, teacherId) });
  }

  async function updateClass(req: IncomingMessage, res: ServerResponse, classId: string): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    const row = deps.setup.classRow(classId);
    if (!row) throw new HttpError(404, "not-found");
    const b = await body(req);
    const checked = checkClass({ name: b.name ?? row.name, grade: b.grade ?? row.grade });
    if (!checked.ok) throw new FieldsError(checked.errors);
    const teacherId = "classTeacherId" in b ? classTeacher(b.classTeacherId) : row.classTeacherId;
    if (deps.setup.classNamed(row.yearId, checked.value.name, classId)) throw new FieldsError([{ field: "name", code: "class-exists" }], 409);
    deps.setup.updateClass(classId, checked.value.name, checked.value.grade, teacherId);
    deps.rosterChanged(classId);
    if (teacherId !== row.classTeacherId) for (const load of deps.setup.loadOfClass(classId)) deps.accessChanged(load.pageId);
    sendJson(res, 200, { classId });
  }

  async function createSubject(req: IncomingMessage, res: ServerResponse): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    const checked = checkSubject(await body(req));
    if (!checked.ok) throw new FieldsError(checked.errors);
    if (deps.setup.subjectByName(checked.value.name) !== null) throw new FieldsError([{ field: "name", code: "subject-exists" }], 409);
    sendJson(res, 201, { subjectId: deps.setup.createSubject(checked.value.name, checked.value.doubleMarks) });
  }

  async function updateSubject(req: IncomingMessage, res: ServerResponse, subjectId: string): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    if (!deps.setup.subjectExists(subjectId)) throw new HttpError(404, "not-found");
    const checked = checkSubject(await body(req));
    if (!checked.ok) throw new FieldsError(checked.errors);
    const other = deps.setup.subjectByName(checked.value.name);
    if (other !== null && other !== subjectId) throw new FieldsError([{ field: "name", code: "subject-exists" }], 409);
    deps.setup.updateSubject(subjectId, checked.value.name, checked.value.doubleMarks);
    for (const pageId of deps.setup.pageIdsOfSubject(subjectId)) deps.registry.refreshJournal(pageId);
    sendJson(res, 200, { subjectId });
  }

  /** J1, P2: a line of the teaching load makes the class's page of that subject. */
  async function addLoad(req: IncomingMessage, res: ServerResponse, classId: string): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    const row = deps.setup.classRow(classId);
    if (!row) throw new HttpError(404, "not-found");
    const b = await body(req);
    const subjectId = String(b.subjectId ?? "");
    const teacherId = String(b.teacherId ?? "");
    if (!deps.setup.subjectExists(subjectId)) throw new FieldsError([{ field: "subjectId", code: "field-required" }]);
    if (!deps.setup.isActiveTeacher(teacherId)) throw new FieldsError([{ field: "teacherId", code: "not-a-teacher" }]);
    if (deps.setup.findPage(classId, subjectId) !== null) throw new FieldsError([{ field: "subjectId", code: "page-exists" }], 409);
    // J4: first grade keeps no marks unless told otherwise.
    const marksAllowed = typeof b.marksAllowed === "boolean" ? b.marksAllowed : row.grade > 1;
    sendJson(res, 201, { pageId: deps.setup.createPage(row.yearId, classId, subjectId, teacherId, marksAllowed) });
  }

  /** Another teacher takes over a page: the page names it at once, and open sockets whose access changed are closed (to reconnect with the new one). */
  async function reassignPage(req: IncomingMessage, res: ServerResponse, pageId: string): Promise<void> {
    require(canEditCalendar(actorOf(req)));
    if (!deps.setup.pageRow(pageId)) throw new HttpError(404, "not-found");
    const teacherId = String((await body(req)).teacherId ?? "");
    if (!deps.setup.isActiveTeacher(teacherId)) throw new FieldsError([{ field: "teacherId", code: "not-a-teacher" }]);
    deps.setup.setPageTeacher(pageId, teacherId);
    deps.registry.refreshJournal(pageId);
    deps.accessChanged(pageId);
    sendJson(res, 200, deps.setup.pageRow(pageId));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    const m = (re: string) => new RegExp(`^${re}$`).exec(p);
    let x: RegExpExecArray | null;
    if (req.method === "GET" && p === "/api/setup") overview(req, res);
    else if (req.method === "POST" && p === "/api/years") await createYear(req, res);
    else if ((x = m(`/api/years/${ID}`)) && req.method === "GET") yearDetail(req, res, x[1]!);
    else if ((x = m(`/api/years/${ID}`)) && req.method === "PUT") await updateYear(req, res, x[1]!);
    else if ((x = m(`/api/years/${ID}/classes`)) && req.method === "POST") await createClass(req, res, x[1]!);
    else if ((x = m(`/api/classes/${ID}`)) && req.method === "PATCH") await updateClass(req, res, x[1]!);
    else if ((x = m(`/api/classes/${ID}/load`)) && req.method === "POST") await addLoad(req, res, x[1]!);
    else if (req.method === "POST" && p === "/api/subjects") await createSubject(req, res);
    else if ((x = m(`/api/subjects/${ID}`)) && req.method === "PATCH") await updateSubject(req, res, x[1]!);
    else if ((x = m(`/api/pages/${ID}`)) && req.method === "PATCH") await reassignPage(req, res, x[1]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
