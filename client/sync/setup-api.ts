/** The school's set-up over HTTP (P1-P3, R6): years and calendar, classes, subjects, teaching load, timetable, substitutions. */
import type { TimetableSlot } from "../../shared/calendar.ts";
import type { DayLessons, LessonChanges, LoadRow, SetupOverview, TimetableView, YearDetail } from "../../shared/setup-api.ts";
import { request } from "./api.ts";

const id = encodeURIComponent;

export const loadOverview = () => request<SetupOverview>("GET", "/api/setup");
export const loadYear = (yearId: string) => request<YearDetail>("GET", `/api/years/${id(yearId)}`);
export const createYear = (year: unknown) => request<{ yearId: string }>("POST", "/api/years", year);
export const saveYear = (yearId: string, year: unknown) => request<{ yearId: string; lessons: LessonChanges }>("PUT", `/api/years/${id(yearId)}`, year);

export const createClass = (yearId: string, b: { name: string; grade: number; classTeacherId: string | null }) => request<{ classId: string }>("POST", `/api/years/${id(yearId)}/classes`, b);
export const updateClass = (classId: string, b: { name?: string; grade?: number; classTeacherId?: string | null }) => request<{ classId: string }>("PATCH", `/api/classes/${id(classId)}`, b);
export const createSubject = (b: { name: string; doubleMarks: boolean }) => request<{ subjectId: string }>("POST", "/api/subjects", b);
export const updateSubject = (subjectId: string, b: { name: string; doubleMarks: boolean }) => request<{ subjectId: string }>("PATCH", `/api/subjects/${id(subjectId)}`, b);
export const addLoad = (classId: string, b: { subjectId: string; teacherId: string; marksAllowed?: boolean }) => request<{ pageId: string }>("POST", `/api/classes/${id(classId)}/load`, b);
export const reassignPage = (pageId: string, teacherId: string) => request<LoadRow>("PATCH", `/api/pages/${id(pageId)}`, { teacherId });

export const loadTimetable = (classId: string) => request<TimetableView>("GET", `/api/classes/${id(classId)}/timetable`);
export const saveTimetable = (classId: string, slots: TimetableSlot[]) => request<TimetableView & { lessons: LessonChanges }>("PUT", `/api/classes/${id(classId)}/timetable`, { slots });

export const loadDay = (date: string) => request<DayLessons>("GET", `/api/substitutions?date=${id(date)}`);
export const assignSubstitute = (b: { lessonId: string; teacherId: string; reason: string }) => request<unknown>("POST", "/api/substitutions", b);
export const cancelSubstitute = (lessonId: string) => request<unknown>("DELETE", `/api/substitutions/${id(lessonId)}`);
