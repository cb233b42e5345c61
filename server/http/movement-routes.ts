/**
 * Student movement (D5, R1): enrol a new student into a class on a date,
 * record that a student left the school, transfer a student to another class
 * of the year. The pages of the classes involved and the student's diary
 * follow at once; marks already given stay where they were given, readable.
 *
 *   GET  /api/movement                    administrator: {year, classes, students}
 *   POST /api/classes/:id/enrol           {surname, name, patronymic?, sex, bornOn, on}: administrator or the class teacher
 *   POST /api/students/:id/leave          {on, reason?}: administrator
 *   POST /api/students/:id/transfer       {toClassId, on}: administrator
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { PeopleRepository } from "../storage/people-repository.ts";
import type { GroupRepository } from "../storage/group-repository.ts";
import type { MovementRepository } from "../storage/movement-repository.ts";
import type { YearRepository } from "../storage/year-repository.ts";
import type { YearSummary } from "../../shared/movement.ts";
import { canEnrol, canMoveStudents } from "../../shared/movement.ts";
import { checkCard, parseDate } from "../../shared/people.ts";
import { localTime } from "../../shared/school-time.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup, body } from "./route-kit.ts";

export interface MovementDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  people: PeopleRepository;
  groups: GroupRepository;
  movement: MovementRepository;
  years: YearRepository;
  now: Clock;
  rosterChanged: (classId: string) => void;
  diaryPagesChanged: (studentId: string) => void;
}

/** A date of the class's year that is not closed: `on` as typed (ДД.ММ.ГГГГ or ISO). */
function dateInYear(value: unknown, year: YearSummary): string {
  if (year.closedAt !== null) throw new HttpError(409, "year-closed");
  const on = parseDate(value);
  if (on === null) throw new FieldsError([{ field: "on", code: "invalid-date" }]);
  if (on < year.startsOn || on > year.endsOn) throw new FieldsError([{ field: "on", code: "not-in-year" }]);
  return on;
}

export function createMovementApi(deps: MovementDeps): RouteGroup {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;

  function overview(req: IncomingMessage, res: ServerResponse): void {
    require(canMoveStudents(signedIn(req, deps.sessions, deps.school).actor));
    const year = deps.years.currentYear(today());
    if (!year) throw new HttpError(404, "not-found");
    sendJson(res, 200, {
      year, today: today(),
      classes: deps.years.classesOfYear(year.yearId).map((c) => ({ classId: c.classId, name: c.name, grade: c.grade })),
      students: deps.movement.studentsOfYear(year.yearId),
    });
  }

  /** A new student from a date: its marks may be given from that day on (student-not-yet-on-page before). */
  async function enrol(req: IncomingMessage, res: ServerResponse, classId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const year = deps.years.yearOfClass(classId);
    if (!year) throw new HttpError(404, "not-found");
    require(canEnrol(actor, classId));
    const b = await body(req);
    const on = dateInYear(b.on, year);
    const card = checkCard(b, today());
    if (!card.ok) throw new FieldsError(card.errors);
    const studentId = deps.movement.transaction(() => {
      if (deps.people.duplicateStudent(classId, card.value, null)) throw new FieldsError([{ field: "", code: "duplicate-student" }], 409);
      const id = deps.movement.enrol(classId, card.value, on <= year.startsOn ? null : on);
      deps.movement.log({ studentId: id, kind: "enrolled", on, toClass: classId, by: actor.userId, at: deps.now() });
      return id;
    });
    deps.rosterChanged(classId);
    sendJson(res, 201, { studentId, on });
  }

  /** D5: the student left the school on `on` (the first day it is gone); its diary ends there. */
  async function leave(req: IncomingMessage, res: ServerResponse, studentId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    require(canMoveStudents(actor));
    const student = deps.movement.student(studentId);
    if (!student) throw new HttpError(404, "not-found");
    const b = await body(req);
    const year = deps.years.yearOfClass(student.classId)!;
    const on = dateInYear(b.on, year);
    if (student.leftOn !== null) throw new HttpError(409, "student-left");
    if (student.joinedOn !== null && on <= student.joinedOn) throw new FieldsError([{ field: "on", code: "invalid-date" }]);
    const reason = typeof b.reason === "string" ? b.reason.trim().slice(0, 200) : "";
    deps.movement.transaction(() => {
      deps.movement.leave(studentId, on);
      deps.groups.endAllInClass(student.classId, studentId, on);
      deps.people.revokeOpenCodes(studentId, deps.now());
      deps.movement.log({ studentId, kind: "left", on, fromClass: student.classId, reason, by: actor.userId, at: deps.now() });
    });
    deps.rosterChanged(student.classId);
    deps.diaryPagesChanged(studentId);
    sendJson(res, 200, { studentId, leftOn: on });
  }

  /** To another class of the same year from `on`: the old class's pages keep its marks up to then. */
  async function transfer(req: IncomingMessage, res: ServerResponse, studentId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    require(canMoveStudents(actor));
    const student = deps.movement.student(studentId);
    if (!student) throw new HttpError(404, "not-found");
    const b = await body(req);
    const toClassId = String(b.toClassId ?? "");
    const to = deps.movement.classInfo(toClassId);
    const from = deps.movement.classInfo(student.classId)!;
    if (!to) throw new FieldsError([{ field: "toClassId", code: "unknown-class" }], 404);
    if (to.classId === from.classId) throw new FieldsError([{ field: "toClassId", code: "same-class" }], 409);
    if (to.yearId !== from.yearId) throw new FieldsError([{ field: "toClassId", code: "not-in-year" }], 409);
    const year = deps.years.yearOfClass(student.classId)!;
    const on = dateInYear(b.on, year);
    if (student.leftOn !== null) throw new HttpError(409, "student-left");
    if (student.joinedOn !== null && on <= student.joinedOn) throw new FieldsError([{ field: "on", code: "invalid-date" }]);
    deps.movement.transaction(() => {
      deps.movement.transfer(studentId, from.classId, to.classId, on);
      deps.groups.endAllInClass(from.classId, studentId, on);
      deps.movement.log({ studentId, kind: "transferred", on, fromClass: from.classId, toClass: to.classId, by: actor.userId, at: deps.now() });
    });
    deps.rosterChanged(from.classId);
    deps.rosterChanged(to.classId);
    deps.diaryPagesChanged(studentId);
    sendJson(res, 200, { studentId, fromClassId: from.classId, toClassId: to.classId, on });
  }

  function history(req: IncomingMessage, res: ServerResponse, studentId: string): void {
    require(canMoveStudents(signedIn(req, deps.sessions, deps.school).actor));
    if (!deps.movement.student(studentId)) throw new HttpError(404, "not-found");
    sendJson(res, 200, { studentId, movements: deps.movement.history(studentId) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    const part = p.split("/");
    if (req.method === "GET" && p === "/api/movement") overview(req, res);
    else if (req.method === "POST" && /^\/api\/classes\/\d{1,12}\/enrol$/.test(p)) await enrol(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/students\/\d{1,12}\/leave$/.test(p)) await leave(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/students\/\d{1,12}\/transfer$/.test(p)) await transfer(req, res, part[3]!);
    else if (req.method === "GET" && /^\/api\/students\/\d{1,12}\/movements$/.test(p)) history(req, res, part[3]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
