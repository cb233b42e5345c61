/**
 * A school of any size for the benchmarks, written into a fresh
 * DATA_DIR/journal.sqlite with the server's own schema before the server
 * starts (the server seeds the demo school only when `users` is empty).
 *
 * Classes of N students with five subjects each; T teachers share the pages
 * (page (class c, subject s) is taught by teacher (5c + s) mod T; teacher c is
 * the class teacher of class c); every student has a student account and a
 * parent account. All accounts share one scrypt hash of BENCH_PASSWORD, and a
 * session is created for each directly in SQLite (the sessions table holds
 * the SHA-256 of the token): signing 3,000 people in is not what is measured.
 *
 * `prewarmSchool` then opens every page and diary once with the server's own
 * registry (as a previous school day would have), optionally fills the past
 * lessons with marks, and stores them compacted: a morning starts from stored
 * documents, not from an empty store.
 */
import { openDatabase } from "../server/storage/open-database.ts";
import { SqliteDocumentStore } from "../server/storage/sqlite-document-store.ts";
import { SchoolRepository } from "../server/storage/school-repository.ts";
import { createDocumentRegistry } from "../server/documents/document-registry.ts";
import { hashPassword } from "../server/auth/passwords.ts";
import { generateSessionToken, sessionIdOf, SESSION_LIFETIME_MS } from "../server/auth/sessions.ts";
import { academicYearAround, schoolDays } from "../server/seed/school-calendar.ts";
import { cellKey, cellsMap, encodeCell, readLessons, readRoster } from "../shared/journal-schema.ts";
import { ORIGIN } from "../shared/origins.ts";
import { createRandom } from "../test/support/random.ts";

export const BENCH_PASSWORD = "bench2026";
/** Marks stay writable this many days after their lesson (school setting editWindowDays). */
export const BENCH_EDIT_WINDOW_DAYS = 30;

export interface SchoolPlan {
  classes: number;
  studentsPerClass: number;
  /** Teachers sharing the pages; at most 5 x classes are useful. */
  teachers: number;
  /** Extra teachers, each assigned (R6) to one future lesson of the first page: they open that page to write. */
  substitutesOnFirstPage?: number;
  /** The server's today (its JOURNAL_NOW). */
  today: Date;
  /** Seed this PostgreSQL database instead of the data directory's SQLite file (issue 10). */
  databaseUrl?: string;
}

export interface BenchPage {
  id: string;
  classId: string;
  teacherId: string;
  studentIds: string[];
}

export interface BenchTeacher {
  userId: string;
  cookie: string;
  /** Pages it teaches (it writes there). */
  pageIds: string[];
  /** The class it is the class teacher of, if any. */
  classId: string | null;
}

export interface BenchFamily {
  studentId: string;
  classId: string;
  studentCookie: string;
  parentCookie: string;
}

export interface BenchSchool {
  dataDir: string;
  /** The PostgreSQL database the school is in; null: the data directory's SQLite file. */
  databaseUrl: string | null;
  /** Cookies of the administrator, the director and the deputy (they read every page). */
  readers: string[];
  teachers: BenchTeacher[];
  substitutes: Array<{ userId: string; cookie: string }>;
  pages: BenchPage[];
  classes: Array<{ id: string; classTeacherId: string; pageIds: string[]; studentIds: string[] }>;
  families: BenchFamily[];
}

const SUBJECTS: Array<[string, number]> = [["Математика", 5], ["Русский язык", 5], ["Литература", 3], ["История", 2], ["Английский язык", 3]];
const SURNAMES = ["Алексеев", "Белов", "Волков", "Григорьев", "Денисов", "Егоров", "Жуков", "Зайцев", "Ильин", "Комаров", "Лосев", "Медведев", "Никитин", "Орлов", "Павлов"];
const NAMES = ["Артём", "Максим", "Кирилл", "Никита", "Егор", "Иван", "Лев", "Марк", "Степан", "Роман"];

export async function seedLargeSchool(dataDir: string, plan: SchoolPlan): Promise<BenchSchool> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const { db } = openDatabase(dataDir, plan.databaseUrl);
  const year = academicYearAround(plan.today);
  const days = [...schoolDays(year)];
  const todayIso = plan.today.toISOString().slice(0, 10);
  const expires = Date.now() + SESSION_LIFETIME_MS;
  const insertSession = db.prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)");
  const insertUser = db.prepare("INSERT INTO users (login, password_hash, role, surname, name, patronymic, student_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const session = (userId: number): string => {
    const token = generateSessionToken();
    insertSession.run(sessionIdOf(token), userId, expires);
    return `session=${token}`;
  };
  const user = (login: string, role: string, surname: string, name: string, studentId: number | null = null): number =>
    Number(insertUser.run(login, passwordHash, role, surname, name, "Бенчевич", studentId).lastInsertRowid);

  const school: BenchSchool = { dataDir, databaseUrl: plan.databaseUrl ?? null, readers: [], teachers: [], substitutes: [], pages: [], classes: [], families: [] };
  db.transaction(() => {
    db.prepare("INSERT INTO school_settings (key, value) VALUES ('schoolName', 'Школа бенчмарков'), ('allowOne', 'false'), ('editWindowDays', ?)").run(String(BENCH_EDIT_WINDOW_DAYS));
    const yearId = Number(db.prepare("INSERT INTO academic_years (name, starts_on, ends_on) VALUES (?, ?, ?)").run(year.name, year.start, year.end).lastInsertRowid);
    year.periods.forEach((p, i) => db.prepare("INSERT INTO periods (year_id, name, starts_on, ends_on, ord) VALUES (?, ?, ?, ?, ?)").run(yearId, p.name, p.start, p.end, i + 1));
    const subjectIds = SUBJECTS.map(([name]) => Number(db.prepare("INSERT INTO subjects (name, double_marks) VALUES (?, 0)").run(name).lastInsertRowid));
    for (const role of ["admin", "director", "deputy"]) school.readers.push(session(user(`bench.${role}`, role, "Администрация", role)));

    const teacherIds = Array.from({ length: plan.teachers }, (_, t) => user(`bench.t${t}`, "teacher", `Учитель${t}`, "Анна"));
    const teachers: BenchTeacher[] = teacherIds.map((id) => ({ userId: String(id), cookie: session(id), pageIds: [], classId: null }));
    const insertLesson = db.prepare("INSERT INTO lessons (page_id, held_on, slot) VALUES (?, ?, ?)");
    const insertStudent = db.prepare("INSERT INTO students (class_id, surname, name, patronymic, sex, born_on) VALUES (?, ?, ?, 'Бенчевич', 'м', '2015-03-01')");
    for (let c = 0; c < plan.classes; c++) {
      const classTeacher = c % plan.teachers;
      const classId = Number(db.prepare("INSERT INTO classes (year_id, name, grade, class_teacher_id) VALUES (?, ?, 5, ?)").run(yearId, `${5 + (c % 5)}-${c}`, teacherIds[classTeacher]).lastInsertRowid);
      if (teachers[classTeacher]!.classId === null) teachers[classTeacher]!.classId = String(classId);
      const studentIds: string[] = [];
      for (let s = 0; s < plan.studentsPerClass; s++) {
        const surname = `${SURNAMES[s % SURNAMES.length]}${c}`;
        const name = NAMES[(s * 7 + c) % NAMES.length]!;
        const studentId = Number(insertStudent.run(classId, surname, `${name}${s}`).lastInsertRowid);
        studentIds.push(String(studentId));
        const studentUser = user(`bench.s${c}.${s}`, "student", surname, name, studentId);
        const parentUser = user(`bench.p${c}.${s}`, "parent", `${surname}а`, "Ольга");
        db.prepare("INSERT INTO parent_links (parent_id, student_id) VALUES (?, ?)").run(parentUser, studentId);
        school.families.push({ studentId: String(studentId), classId: String(classId), studentCookie: session(studentUser), parentCookie: session(parentUser) });
      }
      const pageIds: string[] = [];
      let n = 0;
      SUBJECTS.forEach(([, hours], s) => {
        const teacher = (5 * c + s) % plan.teachers;
        const pageId = Number(db.prepare("INSERT INTO pages (year_id, class_id, subject_id, teacher_id, marks_allowed) VALUES (?, ?, ?, ?, 1)").run(yearId, classId, subjectIds[s], teacherIds[teacher]).lastInsertRowid);
        pageIds.push(String(pageId));
        teachers[teacher]!.pageIds.push(String(pageId));
        school.pages.push({ id: String(pageId), classId: String(classId), teacherId: String(teacherIds[teacher]), studentIds });
        for (let h = 0; h < hours; h++, n++) {
          const weekday = (n % 5) + 1;
          const slot = Math.floor(n / 5) + 1;
          db.prepare("INSERT INTO timetable (class_id, weekday, slot, page_id) VALUES (?, ?, ?, ?)").run(classId, weekday, slot, pageId);
          for (const d of days) if (d.weekday === weekday) insertLesson.run(pageId, d.date, slot);
        }
      });
      school.classes.push({ id: String(classId), classTeacherId: String(teacherIds[classTeacher]), pageIds, studentIds });
    }
    school.teachers = teachers;

    const subs = plan.substitutesOnFirstPage ?? 0;
    if (subs > 0) {
      const first = school.pages[0]!;
      const future = db
        .prepare<[string, string, number], { id: number }>("SELECT id FROM lessons WHERE page_id = ? AND held_on > ? ORDER BY held_on, slot LIMIT ?")
        .all(first.id, todayIso, subs);
      const admin = (db.prepare("SELECT id FROM users WHERE login = 'bench.admin'").get() as { id: number }).id;
      future.forEach((lesson, i) => {
        const id = user(`bench.sub${i}`, "teacher", `Заместитель${i}`, "Пётр");
        db.prepare("INSERT INTO substitutions (lesson_id, teacher_id, reason, assigned_by, assigned_at) VALUES (?, ?, 'бенчмарк', ?, ?)").run(lesson.id, id, admin, Date.now());
        school.substitutes.push({ userId: String(id), cookie: session(id) });
      });
    }
  })();
  db.close();
  return school;
}

/**
 * Opens every page and diary once with the server's own registry and stores
 * them compacted. With `marks`, that fraction of the cells of lessons before
 * today is filled first (as the teachers would have by this day of the year),
 * so pages and diaries have a realistic size.
 */
export function prewarmSchool(school: BenchSchool, opts: { today: string; marks: number; diaries?: boolean }): void {
  const { db } = openDatabase(school.dataDir, school.databaseUrl);
  const store = new SqliteDocumentStore(db);
  const repo = new SchoolRepository(db);
  const registry = createDocumentRegistry(store, repo, { idleMs: 0 });
  const rnd = createRandom(7);
  for (const page of school.pages) {
    const journal = registry.journal(page.id)!;
    if (opts.marks <= 0) continue;
    const lessons = readLessons(journal.doc).filter((l) => l.date < opts.today);
    const roster = readRoster(journal.doc);
    store.atomically(() =>
      registry.writeAsServer(journal, () =>
        journal.doc.transact(() => {
          for (const l of lessons) {
            for (const s of roster) {
              if (!rnd.chance(opts.marks)) continue;
              const at = Date.parse(`${l.date}T10:00:00+03:00`);
              const value = rnd.chance(0.12) ? "Н" : rnd.pick(["3", "4", "4", "5", "5", "2"]);
              cellsMap(journal.doc).set(cellKey(s.id, l.id), encodeCell(value === "Н" ? { value, at, by: page.teacherId } : { value, at, by: page.teacherId, workType: "answer" }));
            }
          }
        }, ORIGIN.server),
      ),
    );
  }
  if (opts.diaries !== false) for (const f of school.families) registry.diary(f.studentId);
  registry.closeAll();
  db.close();
}
