/**
 * P2: subgroups of a class for a subject. The class teacher (or the
 * administrator) makes the groups and sets who is in which; a move between
 * groups takes effect only at a period's start (shared/groups.ts). The pages
 * of the class and the diaries of the students moved follow at once.
 *
 *   GET  /api/classes/:id/groups           the class's groups, students and memberships
 *   POST /api/classes/:id/groups           {subjectId, name}: a new group
 *   POST /api/groups/:id/members           {studentIds, date?}: place students (first time) or move them (at a period's end)
 *   POST /api/groups/:id/page              {teacherId}: administrator; the group's journal page with the class page's lessons
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { SchoolAdminRepository } from "../storage/school-admin-repository.ts";
import { DuplicateGroupError, type GroupRepository } from "../storage/group-repository.ts";
import type { YearRepository } from "../storage/year-repository.ts";
import { classStays } from "../storage/page-roster.ts";
import type { SqlDatabase } from "../storage/sql-database.ts";
import { canKeepGroups, canMakeGroupPages, checkGroupName, groupMoveStart, type ClassGroups } from "../../shared/groups.ts";
import { parseDate } from "../../shared/people.ts";
import { localTime } from "../../shared/school-time.ts";
import { fullName } from "../storage/school-repository.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup, body } from "./route-kit.ts";

export interface GroupDeps {
  db: SqlDatabase;
  sessions: SessionManager;
  school: SchoolRepository;
  admin: SchoolAdminRepository;
  groups: GroupRepository;
  years: YearRepository;
  now: Clock;
  /** After a class's memberships changed: its loaded pages get the new rosters. */
  rosterChanged: (classId: string) => void;
  /** Then the students' diaries follow their pages. */
  diaryPagesChanged: (studentId: string) => void;
}

export function createGroupApi(deps: GroupDeps): RouteGroup {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;

  function classOf(classId: string) {
    const year = deps.years.yearOfClass(classId);
    const name = deps.db.prepare<[string], { name: string }>("SELECT name FROM classes WHERE id = ?").get(classId)?.name;
    if (!year || name === undefined) throw new HttpError(404, "not-found");
    return { year, name };
  }

  function list(req: IncomingMessage, res: ServerResponse, classId: string): void {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const { year, name } = classOf(classId);
    require(canKeepGroups(actor, classId));
    const stays = classStays(deps.db, Number(classId));
    const answer: ClassGroups = {
      classId, className: name, periods: deps.years.periods(year.yearId), today: today(),
      subjects: deps.groups.subjects(), groups: deps.groups.groupsOfClass(classId),
      students: [...stays.values()].map((s) => ({ id: String(s.row.id), fullName: fullName(s.row), leftOn: s.leftOn })),
      members: deps.groups.membersOfClass(classId),
    };
    sendJson(res, 200, answer);
  }

  async function create(req: IncomingMessage, res: ServerResponse, classId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const { year } = classOf(classId);
    require(canKeepGroups(actor, classId));
    if (year.closedAt !== null) throw new HttpError(409, "year-closed");
    const b = await body(req);
    const name = checkGroupName(b.name);
    const subjectId = typeof b.subjectId === "string" || typeof b.subjectId === "number" ? String(b.subjectId) : "";
    const errors = [];
    if (!deps.groups.subjectExists(subjectId)) errors.push({ field: "subjectId", code: "not-found" as const });
    if (name === null) errors.push({ field: "name", code: "invalid-name" as const });
    if (errors.length > 0) throw new FieldsError(errors);
    try {
      const groupId = deps.groups.transaction(() => deps.groups.createGroup(classId, subjectId, name!));
      sendJson(res, 201, { groupId });
    } catch (err) {
      if (err instanceof DuplicateGroupError) throw new FieldsError([{ field: "name", code: "duplicate-group" }], 409);
      throw err;
    }
  }

  /** P2: place students in the group, or move them into it from another group of the subject at a period's end. */
  async function setMembers(req: IncomingMessage, res: ServerResponse, groupId: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const group = deps.groups.group(groupId);
    if (!group) throw new HttpError(404, "not-found");
    const { year } = classOf(group.classId);
    require(canKeepGroups(actor, group.classId));
    if (year.closedAt !== null) throw new HttpError(409, "year-closed");
    const b = await body(req);
    if (!Array.isArray(b.studentIds) || b.studentIds.length === 0 || b.studentIds.length > 60) throw new HttpError(400, "bad-request");
    const ids = [...new Set(b.studentIds.map((v) => String(v)))];
    const day = today();
    const date = b.date === undefined || b.date === null || b.date === "" ? day : parseDate(b.date);
    if (date === null) throw new FieldsError([{ field: "date", code: "invalid-date" }]);
    const stays = classStays(deps.db, Number(group.classId));
    const members = deps.groups.membersOfClass(group.classId);
    const everInSubject = new Set(members.filter((m) => deps.groups.group(m.groupId)?.subjectId === group.subjectId).map((m) => m.studentId));
    const moveStart = groupMoveStart(deps.years.periods(year.yearId), date, day);
    const placed: string[] = [];
    const moved: Array<{ studentId: string; from: string }> = [];
    const unchanged: string[] = [];
    deps.groups.transaction(() => {
      for (const studentId of ids) {
        const stay = stays.get(Number(studentId));
        if (!stay) throw new FieldsError([{ field: `studentIds.${studentId}`, code: "not-found" }], 404);
        if (stay.leftOn !== null && stay.leftOn <= day) throw new FieldsError([{ field: `studentIds.${studentId}`, code: "student-left" }], 409);
        const open = deps.groups.openMemberships(group.classId, group.subjectId, studentId);
        const current = open.find((m) => m.from === null || m.from <= day) ?? null;
        const pending = open.find((m) => m.from !== null && m.from > day) ?? null;
        if (pending) {
          // A move not yet in effect is changed, or called off, before it starts.
          if (pending.groupId === groupId) unchanged.push(studentId);
          else {
            const previous = members.find((m) => m.studentId === studentId && m.groupId === groupId && m.until === pending.from);
            if (previous) deps.groups.cancelPending(pending.id, studentId, pending.from!, groupId);
            else deps.groups.retarget(pending.id, groupId);
            moved.push({ studentId, from: previous ? (previous.from ?? year.startsOn) : pending.from! });
          }
          continue;
        }
        if (current?.groupId === groupId) {
          unchanged.push(studentId);
          continue;
        }
        if (current === null && !everInSubject.has(studentId)) {
          // The first placement: the student is in the group from its time in the class on.
          deps.groups.addMember(groupId, studentId, stay.joinedOn, actor.userId, deps.now());
          deps.groups.logMovement({ studentId, kind: "group-placed", on: stay.joinedOn ?? year.startsOn, toGroup: groupId, by: actor.userId, at: deps.now() });
          placed.push(studentId);
          continue;
        }
        // P2: a move takes effect only at a period's start.
        if (!moveStart.ok) throw new FieldsError([{ field: "date", code: moveStart.code }], 409);
        if (current) deps.groups.endMembership(current.id, moveStart.from);
        deps.groups.addMember(groupId, studentId, moveStart.from, actor.userId, deps.now());
        deps.groups.logMovement({ studentId, kind: "group-moved", on: moveStart.from, fromGroup: current?.groupId ?? null, toGroup: groupId, by: actor.userId, at: deps.now() });
        moved.push({ studentId, from: moveStart.from });
      }
    });
    if (placed.length + moved.length > 0) {
      deps.rosterChanged(group.classId);
      for (const id of [...placed, ...moved.map((m) => m.studentId)]) deps.diaryPagesChanged(id);
    }
    sendJson(res, 200, { placed, moved, unchanged });
  }

  /** Bridge for the teaching load (R1): the group's page, with the lessons of the class's page of the subject. */
  async function createPage(req: IncomingMessage, res: ServerResponse, groupId: string): Promise<void> {
    require(canMakeGroupPages(signedIn(req, deps.sessions, deps.school).actor));
    const group = deps.groups.group(groupId);
    if (!group) throw new HttpError(404, "not-found");
    const b = await body(req);
    const teacherId = String(b.teacherId ?? "");
    if (!deps.admin.isTeacher(teacherId)) throw new FieldsError([{ field: "teacherId", code: "not-found" }]);
    if (deps.groups.groupPageExists(groupId)) throw new HttpError(409, "duplicate-group");
    const pageId = deps.groups.transaction(() => deps.groups.createGroupPage(groupId, teacherId));
    sendJson(res, 201, { pageId });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    const part = p.split("/");
    if (req.method === "GET" && /^\/api\/classes\/\d{1,12}\/groups$/.test(p)) list(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/classes\/\d{1,12}\/groups$/.test(p)) await create(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/groups\/\d{1,12}\/members$/.test(p)) await setMembers(req, res, part[3]!);
    else if (req.method === "POST" && /^\/api\/groups\/\d{1,12}\/page$/.test(p)) await createPage(req, res, part[3]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
