/** School set-up over HTTP: subgroups (P2), curriculum and plans (P2, P4), movement (D5), year close (R1). */
import type { ClassGroups } from "../../shared/groups.ts";
import type { CurriculumRow, PlanHoursCheck, PlanState } from "../../shared/plan-rules.ts";
import type { MissingMarks, MovementStudent, YearSummary } from "../../shared/movement.ts";
import type { ClassSummary } from "../../shared/people.ts";
import { request } from "./api.ts";

const id = encodeURIComponent;

export const loadGroups = (classId: string) => request<ClassGroups>("GET", `/api/classes/${id(classId)}/groups`);
export const createGroup = (classId: string, subjectId: string, name: string) => request<{ groupId: string }>("POST", `/api/classes/${id(classId)}/groups`, { subjectId, name });
export const setGroupMembers = (groupId: string, studentIds: string[], date: string | null) =>
  request<{ placed: string[]; moved: Array<{ studentId: string; from: string }>; unchanged: string[] }>("POST", `/api/groups/${id(groupId)}/members`, { studentIds, date });

export const loadCurriculum = () => request<{ year: YearSummary; rows: CurriculumRow[]; mayEdit: boolean }>("GET", "/api/curriculum");
export const setCurriculumHours = (classId: string, subjectId: string, hours: number | null) => request<unknown>("PUT", "/api/curriculum", { classId, subjectId, hours });

export interface PlanListItem {
  subjectId: string;
  subjectName: string;
  grade: number;
  topics: number;
  check: PlanHoursCheck;
  approvedAt: number | null;
  mayEdit: boolean;
}
export const loadPlans = () => request<{ year: YearSummary; plans: PlanListItem[] }>("GET", "/api/plans");
export const loadPlan = (subjectId: string, grade: number) => request<PlanState>("GET", `/api/plans/${id(subjectId)}/${grade}`);
export const savePlan = (subjectId: string, grade: number, topics: Array<{ topic: string; hours: number }>) => request<PlanState>("PUT", `/api/plans/${id(subjectId)}/${grade}`, { topics });
export const approvePlan = (subjectId: string, grade: number) => request<PlanState>("POST", `/api/plans/${id(subjectId)}/${grade}/approve`);

export const loadMovement = () => request<{ year: YearSummary; today: string; classes: ClassSummary[]; students: MovementStudent[] }>("GET", "/api/movement");
export const enrolStudent = (classId: string, card: Record<string, string>) => request<{ studentId: string }>("POST", `/api/classes/${id(classId)}/enrol`, card);
export const recordLeaving = (studentId: string, on: string, reason: string) => request<unknown>("POST", `/api/students/${id(studentId)}/leave`, { on, reason });
export const transferStudent = (studentId: string, toClassId: string, on: string) => request<unknown>("POST", `/api/students/${id(studentId)}/transfer`, { toClassId, on });

export type YearRow = YearSummary & { lastDay: string; mayClose: boolean };
export const loadYears = () => request<{ today: string; years: YearRow[] }>("GET", "/api/years");
export const closeYear = (yearId: string, confirmMissing: boolean) => request<{ closedAt: number; missing: MissingMarks[] }>("POST", `/api/years/${id(yearId)}/close`, { confirmMissing });
export const promoteYear = (yearId: string, body: { name: string; startsOn: string; endsOn: string }) =>
  request<{ toYearId: string; classes: Array<{ from: string; to: string | null; students: number }>; graduated: number }>("POST", `/api/years/${id(yearId)}/promote`, body);
