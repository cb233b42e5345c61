/**
 * The demo school a first start creates: three classes of the current
 * academic year, their pages and weekly timetable (which generates the
 * lessons), teachers and class teachers, students and their parents.
 */
import type { SqlDatabase } from "../storage/sql-database.ts";
import { seedDemoCurriculum } from "./demo-curriculum.ts";
import { academicYearAround, schoolDays } from "./school-calendar.ts";
import { DEMO_PLANS } from "./demo-plans.ts";
import { CLASS_1A, CLASS_5A, CLASS_6B, STAFF, transliterate, type Person, type StaffKey } from "./demo-people.ts";

export const DEMO_PASSWORD = "demo2026";

interface ClassPlan {
  name: string;
  grade: number;
  classTeacher: StaffKey;
  students: Person[];
  marks: boolean;
  /** Subject, teacher, hours a week. */
  subjects: Array<[string, StaffKey, number]>;
}

const CLASSES: ClassPlan[] = [
  {
    name: "5А", grade: 5, classTeacher: "ivanova", students: CLASS_5A, marks: true,
    subjects: [["Математика", "ivanova", 5], ["Русский язык", "petrov", 5], ["Литература", "petrov", 3], ["История", "smirnova", 2], ["Английский язык", "kuznetsova", 3]],
  },
  {
    name: "6Б", grade: 6, classTeacher: "smirnova", students: CLASS_6B, marks: true,
    subjects: [["Математика", "smirnova", 5], ["Русский язык", "petrov", 4], ["Литература", "petrov", 2], ["История", "smirnova", 2], ["Английский язык", "kuznetsova", 3]],
  },
  {
    name: "1А", grade: 1, classTeacher: "vasilieva", students: CLASS_1A, marks: false,
    subjects: [["Русский язык", "vasilieva", 4], ["Математика", "vasilieva", 4], ["Литературное чтение", "vasilieva", 4], ["Окружающий мир", "vasilieva", 2]],
  },
];

const DOUBLE_MARK_SUBJECTS = new Set(["Русский язык", "Литература"]);
const PARENT_NAMES = ["Ольга Николаевна", "Елена Викторовна", "Светлана Игоревна", "Юлия Сергеевна", "Татьяна Андреевна", "Наталья Петровна"];

function motherSurname(student: Person): string {
  if (student.sex === "ж") return student.surname;
  return /(ов|ев|ёв|ин|ын)$/.test(student.surname) ? `${student.surname}а` : student.surname;
}

/** Fills weekday x slot with each subject's hours, spread over the week. */
function weeklyTimetable(subjects: ClassPlan["subjects"]): Array<{ weekday: number; slot: number; subject: number }> {
  const queue = subjects.flatMap(([, , hours], i) => Array.from({ length: hours }, () => i));
  const out: Array<{ weekday: number; slot: number; subject: number }> = [];
  queue.forEach((subject, n) => out.push({ weekday: (n % 5) + 1, slot: Math.floor(n / 5) + 1, subject }));
  return out;
}

export interface DemoLogin {
  login: string;
  who: string;
}

export function seedDemoSchool(db: SqlDatabase, today: Date, passwordHash: string): DemoLogin[] {
  const plan = academicYearAround(today);
  const insertUser = db.prepare(
    "INSERT INTO users (login, password_hash, role, surname, name, patronymic, student_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const addUser = (login: string, role: string, person: Person, studentId: number | null = null): number =>
    Number(insertUser.run(login, passwordHash, role, person.surname, person.name, person.patronymic, studentId).lastInsertRowid);

  return db.transaction(() => {
    db.prepare("INSERT INTO school_settings (key, value) VALUES ('schoolName', 'МБОУ «Средняя общеобразовательная школа № 7»'), ('allowOne', 'false')").run();
    const yearId = Number(db.prepare("INSERT INTO academic_years (name, starts_on, ends_on) VALUES (?, ?, ?)").run(plan.name, plan.start, plan.end).lastInsertRowid);
    plan.periods.forEach((p, i) => db.prepare("INSERT INTO periods (year_id, name, starts_on, ends_on, ord) VALUES (?, ?, ?, ?, ?)").run(yearId, p.name, p.start, p.end, i + 1));
    // P1: the days off are part of the stored calendar, which later timetable changes read.
    for (const d of plan.daysOff) db.prepare("INSERT INTO year_days_off (year_id, starts_on, ends_on, name) VALUES (?, ?, ?, '')").run(yearId, d, d);

    const staffIds = {} as Record<StaffKey, number>;
    for (const [key, s] of Object.entries(STAFF) as Array<[StaffKey, (typeof STAFF)[StaffKey]]>) staffIds[key] = addUser(s.login, s.role, s.person);

    const subjectId = (name: string): number => {
      const row = db.prepare<[string], { id: number }>("SELECT id FROM subjects WHERE name = ?").get(name);
      if (row) return row.id;
      return Number(db.prepare("INSERT INTO subjects (name, double_marks) VALUES (?, ?)").run(name, DOUBLE_MARK_SUBJECTS.has(name) ? 1 : 0).lastInsertRowid);
    };
    const days = [...schoolDays(plan)];
    const parents = new Map<string, number>();
    const logins: DemoLogin[] = Object.values(STAFF).map((s) => ({ login: s.login, who: `${s.person.surname} ${s.person.name} ${s.person.patronymic}` }));

    for (const cls of CLASSES) {
      const classId = Number(
        db.prepare("INSERT INTO classes (year_id, name, grade, class_teacher_id) VALUES (?, ?, ?, ?)").run(yearId, cls.name, cls.grade, staffIds[cls.classTeacher]).lastInsertRowid,
      );
      const pageIds = cls.subjects.map(([subject, teacher]) =>
        Number(
          db.prepare("INSERT INTO pages (year_id, class_id, subject_id, teacher_id, marks_allowed) VALUES (?, ?, ?, ?, ?)")
            .run(yearId, classId, subjectId(subject), staffIds[teacher], cls.marks ? 1 : 0).lastInsertRowid,
        ),
      );
      const slots = weeklyTimetable(cls.subjects);
      const insertLesson = db.prepare("INSERT INTO lessons (page_id, held_on, slot) VALUES (?, ?, ?)");
      for (const s of slots) {
        const pageId = pageIds[s.subject]!;
        db.prepare("INSERT INTO timetable (class_id, weekday, slot, page_id) VALUES (?, ?, ?, ?)").run(classId, s.weekday, s.slot, pageId);
        for (const d of days) if (d.weekday === s.weekday) insertLesson.run(pageId, d.date, s.slot);
      }
      cls.students.forEach((student, i) => {
        const born = `${today.getUTCFullYear() - cls.grade - 6}-${String((i % 12) + 1).padStart(2, "0")}-${String((i * 7) % 28 + 1).padStart(2, "0")}`;
        const studentId = Number(
          db.prepare("INSERT INTO students (class_id, surname, name, patronymic, sex, born_on) VALUES (?, ?, ?, ?, ?, ?)")
            .run(classId, student.surname, student.name, student.patronymic, student.sex, born).lastInsertRowid,
        );
        const studentLogin = `${transliterate(student.surname)}.${transliterate(student.name)}`;
        addUser(studentLogin, "student", student, studentId);
        const mother = motherSurname(student);
        const parentLogin = `parent.${transliterate(mother)}`;
        let parentId = parents.get(parentLogin);
        if (parentId === undefined) {
          const [name, patronymic] = PARENT_NAMES[parents.size % PARENT_NAMES.length]!.split(" ") as [string, string];
          parentId = addUser(parentLogin, "parent", { surname: mother, name, patronymic, sex: "ж" });
          parents.set(parentLogin, parentId);
        }
        db.prepare("INSERT INTO parent_links (parent_id, student_id) VALUES (?, ?)").run(parentId, studentId);
        if (i === 0) logins.push({ login: studentLogin, who: `ученик ${cls.name}` });
        if (i === 0 && !logins.some((l) => l.login === parentLogin)) logins.push({ login: parentLogin, who: `родитель (${cls.name})` });
      });
    }
    // P4: the plans issue 5 will make editable; read-only until then.
    const insertTopic = db.prepare("INSERT INTO thematic_plans (subject_id, grade, ord, topic, hours) VALUES (?, ?, ?, ?, ?)");
    for (const plan of DEMO_PLANS) plan.topics.forEach(([topic, hours], i) => insertTopic.run(subjectId(plan.subject), plan.grade, i + 1, topic, hours));
    seedDemoCurriculum(db, staffIds.admin!, today.getTime());
    return logins;
  })();
}
