/**
 * Ar2: the electronic archive of one class for a closed period or year, in
 * formats that need no special software: a ZIP with the printed journal of
 * every page (PDF), CSV files of marks, attendance, period marks, lessons and
 * the audit trail (J11), a manifest (JSON) and SHA-256 checksums in the
 * format `sha256sum -c` reads.
 */
import { createHash } from "node:crypto";
import { zipSync, type Zippable } from "fflate";
import type { Period } from "../../shared/journal-schema.ts";
import type { PrintedJournal } from "../../shared/report-api.ts";
import { toCsv } from "../../shared/csv.ts";
import { ABSENCES } from "../../shared/cell-value.ts";
import { parseCellKey } from "../../shared/journal-schema.ts";
import { fullName } from "../storage/school-repository.ts";
import { lessonsBetween, type PageSnapshot } from "../reports/page-reader.ts";
import type { AuditRow, ClassInfo } from "../reports/report-repository.ts";
import { printedJournal, type PrintFacts } from "../print/journal-model.ts";

export const ARCHIVE_FORMAT = "zhurnal-archive/1";

export interface ArchivePage {
  page: PageSnapshot;
  audit: AuditRow[];
}

export interface ArchiveRequest {
  classInfo: ClassInfo;
  period: Period;
  pages: ArchivePage[];
  facts: PrintFacts;
  createdAt: Date;
  createdBy: string;
  timeZone: string;
  /** A user's short name, for who entered a value. */
  nameOf: (userId: string) => string;
  /** Renders a page's printed journal (the server passes its render worker). */
  renderJournal: (journal: PrintedJournal, createdAt: Date) => Promise<Uint8Array>;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  description: string;
}

export interface Manifest {
  format: string;
  school: string;
  className: string;
  classTeacher: string;
  academicYear: string;
  period: Period;
  createdAt: string;
  createdBy: string;
  pages: Array<{ pageId: string; subject: string; teacher: string; lessons: number; students: number }>;
  files: ManifestFile[];
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
const utf8 = (text: string) => new TextEncoder().encode(text);
const isoLocal = (ms: number | null, timeZone: string) =>
  ms === null ? "" : new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(ms));

/** The audit rows about the period: its lessons' cells and fields, and its period marks. */
function auditOfPeriod(a: ArchivePage, period: Period): AuditRow[] {
  const lessons = new Set(lessonsBetween(a.page, period.start, period.end).map((l) => l.id));
  const periods = new Set(period.id === "year" ? a.page.meta.periods.map((p) => p.id) : [period.id]);
  return a.audit.filter((row) => {
    const field = /^lessons\/([A-Za-z0-9_-]+)\//.exec(row.target);
    if (field) return lessons.has(field[1]!);
    if (row.target.startsWith("periodMarks/")) return periods.has(parseCellKey(row.target.slice(12))?.lessonId ?? "");
    const cell = parseCellKey(row.target);
    return cell !== null && lessons.has(cell.lessonId);
  });
}

function csvFiles(req: ArchiveRequest): Record<string, { text: string; description: string }> {
  const tz = req.timeZone;
  const marks: Array<Array<string | number>> = [["Предмет", "Ученик", "Дата урока", "Урок", "Отметка", "Вид работы", "Вес", "Внесено (время автора)", "Кем"]];
  const attendance: Array<Array<string | number>> = [["Предмет", "Ученик", "Дата урока", "Урок", "Отметка о пропуске", "Внесено (время автора)", "Кем"]];
  const periodMarks: Array<Array<string | number>> = [["Предмет", "Ученик", "Период", "Отметка", "Внесено (время автора)", "Кем"]];
  const lessons: Array<Array<string | number>> = [["Предмет", "Учитель", "Дата", "Урок", "Тема урока", "Домашнее задание", "Замена", "Прикреплённые файлы"]];
  const audit: Array<Array<string | number>> = [["Предмет", "Время сервера", "Время автора", "Пользователь", "Объект", "Было", "Стало", "Решение", "Причина", "Разрешение"]];
  for (const { page, audit: rows } of req.pages) {
    const subject = page.meta.subjectName;
    const names = new Map(page.roster.map((s) => [s.id, fullName(s)]));
    const inPeriod = new Map(lessonsBetween(page, req.period.start, req.period.end).map((l) => [l.id, l]));
    const workTypes = new Map(page.meta.rules.workTypes.map((w) => [w.id, w]));
    const periodIds = new Map(page.meta.periods.map((p) => [p.id, p.name]));
    const wanted = req.period.id === "year" ? new Set(periodIds.keys()) : new Set([req.period.id]);
    const byLesson = [...page.cells].filter((c) => inPeriod.has(c.columnId)).sort((a, b) => {
      const la = inPeriod.get(a.columnId)!;
      const lb = inPeriod.get(b.columnId)!;
      return la.date.localeCompare(lb.date) || la.slot - lb.slot || (names.get(a.studentId) ?? "").localeCompare(names.get(b.studentId) ?? "", "ru");
    });
    for (const c of byLesson) {
      const lesson = inPeriod.get(c.columnId)!;
      const by = req.nameOf(c.entry.by);
      if ((ABSENCES as readonly string[]).includes(c.entry.value)) {
        attendance.push([subject, names.get(c.studentId) ?? c.studentId, lesson.date, lesson.slot, c.entry.value, isoLocal(c.entry.at, tz), by]);
      } else {
        const wt = c.entry.workType ? workTypes.get(c.entry.workType) : undefined;
        marks.push([subject, names.get(c.studentId) ?? c.studentId, lesson.date, lesson.slot, c.entry.value, wt?.name ?? c.entry.workType ?? "", wt?.weight ?? "", isoLocal(c.entry.at, tz), by]);
      }
    }
    for (const m of page.periodMarks) {
      if (wanted.has(m.columnId)) periodMarks.push([subject, names.get(m.studentId) ?? m.studentId, periodIds.get(m.columnId) ?? m.columnId, m.entry.value, isoLocal(m.entry.at, tz), req.nameOf(m.entry.by)]);
    }
    for (const l of inPeriod.values()) {
      lessons.push([subject, page.meta.teacherName, l.date, l.slot, l.topic, l.homework, l.substituteName ?? "", l.attachments.map((a) => a.name).join(", ")]);
    }
    for (const row of auditOfPeriod({ page, audit: rows }, req.period)) {
      audit.push([subject, isoLocal(row.serverTime, tz), isoLocal(row.authorTime, tz), `${row.userName} (${row.userId})`, row.target, row.oldValue ?? "", row.newValue ?? "", row.decision, row.reason ?? "", row.permitId ?? ""]);
    }
  }
  return {
    "marks.csv": { text: toCsv(marks), description: "Отметки за уроки: предмет, ученик, урок, отметка, вид работы и его вес, когда и кем внесена" },
    "attendance.csv": { text: toCsv(attendance), description: "Пропуски уроков (Н, Б, У): предмет, ученик, урок, когда и кем внесены" },
    "period-marks.csv": { text: toCsv(periodMarks), description: "Отметки за период" },
    "lessons.csv": { text: toCsv(lessons), description: "Уроки: дата, номер, тема, домашнее задание, замена, файлы" },
    "audit.csv": { text: toCsv(audit), description: "Журнал изменений (кто, что, было → стало, время автора и сервера, решение)" },
  };
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|]+/g, "_").trim();

export async function buildClassArchive(req: ArchiveRequest): Promise<{ fileName: string; zip: Uint8Array; manifest: Manifest }> {
  const contents = new Map<string, { data: Uint8Array; description: string }>();
  for (const [i, { page }] of req.pages.entries()) {
    const pdf = await req.renderJournal(printedJournal(page, req.period, req.facts), req.createdAt);
    contents.set(`journal/${String(i + 1).padStart(2, "0")} ${safeName(page.meta.subjectName)}.pdf`, { data: new Uint8Array(pdf), description: `Печатная форма страницы «${page.meta.subjectName}» (${page.meta.teacherName})` });
  }
  for (const [path, f] of Object.entries(csvFiles(req))) contents.set(path, { data: utf8(f.text), description: f.description });
  const files: ManifestFile[] = [...contents].map(([path, f]) => ({ path, bytes: f.data.byteLength, sha256: sha256(f.data), description: f.description }));
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT, school: req.facts.schoolName, className: req.classInfo.name, classTeacher: req.classInfo.classTeacherName,
    academicYear: req.pages[0]?.page.meta.academicYear ?? "", period: req.period, createdAt: req.createdAt.toISOString(), createdBy: req.createdBy,
    pages: req.pages.map(({ page }) => ({
      pageId: page.meta.pageId, subject: page.meta.subjectName, teacher: page.meta.teacherName,
      lessons: lessonsBetween(page, req.period.start, req.period.end).length, students: page.roster.length,
    })),
    files,
  };
  const manifestBytes = utf8(JSON.stringify(manifest, null, 2));
  contents.set("manifest.json", { data: manifestBytes, description: "" });
  const readme = [
    `Электронный архив классного журнала ${req.classInfo.name}, ${manifest.academicYear} учебный год, ${req.period.name} (${req.period.start} — ${req.period.end}).`,
    `${req.facts.schoolName}. Сформирован ${req.createdAt.toISOString()}.`,
    "",
    "journal/*.pdf — печатные формы страниц журнала (PDF).",
    "*.csv — данные в формате CSV (UTF-8, разделитель «;»): открываются любой программой электронных таблиц.",
    "manifest.json — опись архива. SHA256SUMS — контрольные суммы SHA-256 всех файлов (проверка: sha256sum -c SHA256SUMS).",
    "",
  ].join("\r\n");
  contents.set("ПРОЧТИТЕ.txt", { data: utf8(readme), description: "" });
  const sums = [...contents].map(([path, f]) => `${sha256(f.data)}  ${path}`).join("\n") + "\n";
  const folder = safeName(`${req.classInfo.name} ${req.period.name}`);
  const tree: Zippable = {};
  const mtime = req.createdAt;
  for (const [path, f] of contents) tree[`${folder}/${path}`] = [f.data, { mtime }];
  tree[`${folder}/SHA256SUMS`] = [utf8(sums), { mtime }];
  return { fileName: `${folder}.zip`, zip: zipSync(tree, { level: 6 }), manifest };
}
