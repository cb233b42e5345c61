/**
 * Stable error codes. They travel between server and client unchanged;
 * only the client turns them into Russian text (client/i18n/error-text.ts).
 */
export const ERROR_CODES = [
  "unauthenticated",
  "invalid-credentials",
  "forbidden",
  "not-your-page",
  "not-your-lesson",
  "not-your-diary",
  "unknown-document",
  "invalid-value",
  "marks-not-allowed",
  "unknown-work-type",
  "invalid-author",
  "read-only-field",
  "text-too-long",
  "unknown-cell",
  "student-left",
  "lesson-not-started",
  "period-not-started",
  "mark-locked",
  "clock-in-future",
  "offline-too-late",
  "absence-reason-only",
  "schema-violation",
  "missing-dependencies",
  "malformed-message",
  "message-too-large",
  "rate-limited",
  "bad-request",
  "not-found",
  /** On PostgreSQL the database's own tools make the backups (docs/deploy.md). */
  "backups-by-database",
  /** In a cluster: the document is served by another node right now; try again shortly. */
  "document-elsewhere",
  /** In a cluster: a forwarded write got no answer; it may or may not have been made. */
  "write-unconfirmed",
  "csrf",
  "file-too-large",
  "file-type-not-allowed",
  "too-many-attachments",
  /** An action that only the server can carry out (a file upload) was tried with no connection. */
  "needs-network",
  /** M1: no relation allows this message (a parent writes only to its children's teachers and the administration). */
  "recipient-not-allowed",
  "message-empty",
  /** Reports (Rep1, Rep2) of another teacher or another class. */
  "not-your-report",
  /** Ar2: only a period (or year) that has ended is archived. */
  "period-not-closed",
  /** A1: a first password (or one an administrator reset) must be changed before anything else. */
  "password-change-required",
  "weak-password",
  "password-unchanged",
  "invalid-login",
  "login-taken",
  "invalid-role",
  /** A3, R4: cards and invite codes of a class are kept by its class teacher (and the administrator). */
  "not-your-class",
  "field-required",
  "invalid-name",
  "invalid-sex",
  "invalid-birth-date",
  "duplicate-student",
  /** A2: invite codes. */
  "invite-unknown",
  "invite-used",
  "invite-expired",
  "invite-wrong-kind",
  /** A newer sheet replaced this code. */
  "invite-revoked",
  "child-already-linked",
  /** CSV import: file-level and row-level problems; nothing is written while any is left. */
  "import-invalid",
  "csv-empty",
  "csv-unterminated-quote",
  "csv-not-utf8",
  "csv-too-large",
  "missing-column",
  "column-not-allowed",
  "extra-fields",
  "duplicate-login",
  "unknown-class",
  /** P1, P3: the calendar, classes, teaching load and timetable (issue 5). */
  "invalid-date",
  "year-dates-invalid",
  "invalid-period-kind",
  "period-count-mismatch",
  "period-outside-year",
  "period-overlap",
  "periods-not-covering",
  "holiday-outside-year",
  "moved-day-outside-year",
  "moved-day-invalid",
  "invalid-bells",
  "bells-overlap",
  "year-in-use",
  "year-overlap",
  "invalid-grade",
  "class-exists",
  "subject-exists",
  "page-exists",
  "not-a-teacher",
  "invalid-weekday",
  "invalid-slot",
  "not-in-teaching-load",
  "slot-taken",
  "lesson-passed",
  /** P2: groups; a move between them only at a period's end. */
  "group-move-mid-period",
  "group-move-in-past",
  "not-in-year",
  "duplicate-group",
  "not-in-group",
  /** P2, P4: curriculum hours and the calendar-thematic plan. */
  "invalid-hours",
  "plan-too-long",
  "plan-hours-mismatch",
  "curriculum-missing",
  "curriculum-differs",
  /** Movement (D5) and year close. */
  "same-class",
  "student-not-yet-on-page",
  "year-not-ended",
  "year-closed",
  "year-marks-missing",
  "year-already-promoted",
  "year-not-closed",
  "internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
