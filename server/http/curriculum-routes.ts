/**
 * P2, P4: the curriculum (hours per subject per class, set by the deputy or
 * administrator) and the calendar-thematic plan editor (per subject and
 * grade). A plan is saved as typed (a draft is never lost) with the check of
 * its hours against the curriculum; it is approved only when they match.
 *
 *   GET /api/curriculum                     {year, rows: CurriculumRow[]}
 *   PUT /api/curriculum                     {classId, subjectId, hours|null}
 *   GET /api/plans                          {year, plans: [{subjectId, subjectName, grade, topics, check, approvedAt, mayEdit}]}
 *   GET /api/plans/:subjectId/:grade        PlanState
 *   PUT /api/plans/:subjectId/:grade        {topics: [{topic, hours}]} -> PlanState (check.code says what is wrong)
 *   POST /api/plans/:subjectId/:grade/approve  -> PlanState, or 409 {error: check.code, check}
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { SessionManager } from "../auth/sessions.ts";
import type { SchoolRepository } from "../storage/school-repository.ts";
import type { CurriculumRepository } from "../storage/curriculum-repository.ts";
import type { YearRepository } from "../storage/year-repository.ts";
import type { Actor } from "../../shared/roles.ts";
import {
  canApprovePlan, canEditPlan, canReadCurriculum, canSetCurriculum, checkHours, checkPlanTopics, planHoursCheck, type PlanState,
} from "../../shared/plan-rules.ts";
import { localTime } from "../../shared/school-time.ts";
import { HttpError, sendJson } from "./respond.ts";
import { FieldsError, require, signedIn, withFieldErrors, type RouteGroup, body } from "./route-kit.ts";

export interface CurriculumDeps {
  sessions: SessionManager;
  school: SchoolRepository;
  curriculum: CurriculumRepository;
  years: YearRepository;
  now: Clock;
}

export function createCurriculumApi(deps: CurriculumDeps): RouteGroup {
  const today = () => localTime(deps.now(), deps.school.rules().timeZone).date;
  const year = () => {
    const y = deps.years.currentYear(today());
    if (!y) throw new HttpError(404, "not-found");
    return y;
  };

  function readCurriculum(req: IncomingMessage, res: ServerResponse): void {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    require(canReadCurriculum(actor));
    const y = year();
    sendJson(res, 200, { year: y, rows: deps.curriculum.curriculum(y.yearId), mayEdit: canSetCurriculum(actor).ok });
  }

  async function setCurriculum(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    require(canSetCurriculum(actor));
    const b = await body(req);
    const classId = String(b.classId ?? "");
    const subjectId = String(b.subjectId ?? "");
    if (!deps.curriculum.classExists(classId) || deps.curriculum.subjectName(subjectId) === null) throw new HttpError(404, "not-found");
    if (deps.years.yearOfClass(classId)?.closedAt) throw new HttpError(409, "year-closed");
    const hours = b.hours === null ? null : checkHours(b.hours);
    if (hours === null && b.hours !== null) throw new FieldsError([{ field: "hours", code: "invalid-hours" }]);
    deps.curriculum.setHours(classId, subjectId, hours, actor.userId, deps.now());
    sendJson(res, 200, { classId, subjectId, hours });
  }

  function planKey(subjectId: string, gradeText: string): { subjectId: string; grade: number; subjectName: string } {
    const grade = Number(gradeText);
    const subjectName = deps.curriculum.subjectName(subjectId);
    if (!Number.isInteger(grade) || grade < 1 || grade > 11 || subjectName === null) throw new HttpError(404, "not-found");
    return { subjectId, grade, subjectName };
  }

  const mayRead = (actor: Actor, teaches: boolean) => canReadCurriculum(actor).ok || canEditPlan(actor, teaches).ok;

  function planState(actor: Actor, key: { subjectId: string; grade: number; subjectName: string }): PlanState {
    const topics = deps.curriculum.topics(key.subjectId, key.grade);
    const state = deps.curriculum.state(key.subjectId, key.grade);
    const teaches = deps.curriculum.teaches(actor.userId, key.subjectId, key.grade);
    return {
      ...key, topics, check: planHoursCheck(topics, deps.curriculum.hoursOfGrade(key.subjectId, key.grade, year().yearId)),
      approvedAt: state.approvedAt, approvedBy: state.approvedBy, editedAt: state.editedAt,
      mayEdit: canEditPlan(actor, teaches).ok, mayApprove: canApprovePlan(actor).ok,
    };
  }

  function listPlans(req: IncomingMessage, res: ServerResponse): void {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    // P4: the administration reads every plan, a teacher those it teaches; nobody else has any.
    if (!canReadCurriculum(actor).ok && actor.role !== "teacher") throw new HttpError(403, "forbidden");
    const y = year();
    const plans = deps.curriculum.planKeys(y.yearId)
      .filter((k) => mayRead(actor, deps.curriculum.teaches(actor.userId, k.subjectId, k.grade)))
      .map((k) => {
        const s = planState(actor, k);
        return { subjectId: k.subjectId, subjectName: k.subjectName, grade: k.grade, topics: s.topics.length, check: s.check, approvedAt: s.approvedAt, mayEdit: s.mayEdit };
      });
    sendJson(res, 200, { year: y, plans });
  }

  function readPlan(req: IncomingMessage, res: ServerResponse, subjectId: string, grade: string): void {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const key = planKey(subjectId, grade);
    if (!mayRead(actor, deps.curriculum.teaches(actor.userId, key.subjectId, key.grade))) throw new HttpError(403, "forbidden");
    sendJson(res, 200, planState(actor, key));
  }

  async function savePlan(req: IncomingMessage, res: ServerResponse, subjectId: string, grade: string): Promise<void> {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const key = planKey(subjectId, grade);
    require(canEditPlan(actor, deps.curriculum.teaches(actor.userId, key.subjectId, key.grade)));
    const checked = checkPlanTopics((await body(req)).topics);
    if (!checked.ok) throw new FieldsError(checked.errors);
    deps.curriculum.transaction(() => deps.curriculum.saveTopics(key.subjectId, key.grade, checked.topics, actor.userId, deps.now()));
    sendJson(res, 200, planState(actor, key));
  }

  function approvePlan(req: IncomingMessage, res: ServerResponse, subjectId: string, grade: string): void {
    const actor = signedIn(req, deps.sessions, deps.school).actor;
    const key = planKey(subjectId, grade);
    require(canApprovePlan(actor));
    const state = planState(actor, key);
    // P4: the total must match the curriculum before the plan is approved.
    if (state.check.code !== null) return sendJson(res, 409, { error: state.check.code, check: state.check });
    deps.curriculum.approve(key.subjectId, key.grade, actor.userId, deps.now());
    sendJson(res, 200, planState(actor, key));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    const m = /^\/api\/plans\/(\d{1,12})\/(\d{1,2})(\/approve)?$/.exec(p);
    if (p === "/api/curriculum" && req.method === "GET") readCurriculum(req, res);
    else if (p === "/api/curriculum" && req.method === "PUT") await setCurriculum(req, res);
    else if (p === "/api/plans" && req.method === "GET") listPlans(req, res);
    else if (m && !m[3] && req.method === "GET") readPlan(req, res, m[1]!, m[2]!);
    else if (m && !m[3] && req.method === "PUT") await savePlan(req, res, m[1]!, m[2]!);
    else if (m && m[3] && req.method === "POST") approvePlan(req, res, m[1]!, m[2]!);
    else return false;
    return true;
  }

  return withFieldErrors({ handle });
}
