/** The only place where error codes become words. */
import type { ErrorCode } from "../../shared/errors.ts";

const TEXT: Record<ErrorCode, string> = {
  "unauthenticated": "Сеанс завершён — войдите снова.",
  "invalid-credentials": "Неверный логин или пароль.",
  "forbidden": "Нет доступа: журнал открыт только учителям и администрации.",
  "not-your-page": "Это не ваша страница журнала.",
  "not-your-lesson": "Этот урок ведёт другой учитель.",
  "not-your-diary": "Нет доступа к этому дневнику.",
  "unknown-document": "Такой страницы нет.",
  "invalid-value": "Недопустимое значение: допустимы 2–5, 5/4, Н, Б, У.",
  "marks-not-allowed": "На этой странице отметки не ставятся — только посещаемость.",
  "unknown-work-type": "Укажите вид работы из списка школы.",
  "invalid-author": "Запись подписана другим пользователем.",
  "read-only-field": "Дату и номер урока задаёт расписание.",
  "text-too-long": "Слишком длинный текст.",
  "unknown-cell": "Такого ученика или урока нет на странице.",
  "student-left": "Ученик выбыл — новые записи не вносятся.",
  "lesson-not-started": "Урок ещё не начался.",
  "period-not-started": "Период ещё не начался.",
  "mark-locked": "Срок внесения истёк: исправление возможно только по разрешению администратора.",
  "clock-in-future": "Часы устройства спешат — проверьте дату и время.",
  "offline-too-late": "Запись сделана слишком давно без связи и не может быть принята.",
  "absence-reason-only": "Классный руководитель может только изменить причину пропуска (Н → Б или У).",
  "schema-violation": "Изменение структуры страницы запрещено.",
  "missing-dependencies": "Не хватает предыдущих изменений — выполняется повторная синхронизация.",
  "malformed-message": "Сервер не смог разобрать сообщение.",
  "message-too-large": "Слишком большое изменение.",
  "rate-limited": "Слишком много попыток. Повторите позже.",
  "bad-request": "Неверный запрос.",
  "not-found": "Не найдено.",
  "csrf": "Запрос отклонён из соображений безопасности.",
  "file-too-large": "Файл слишком большой: не больше 10 МБ.",
  "file-type-not-allowed": "Такой файл прикрепить нельзя: подходят PDF, изображения, документы Word, Excel, PowerPoint, OpenDocument, RTF и текст.",
  "too-many-attachments": "К уроку уже прикреплено 10 файлов.",
  "needs-network": "Нет связи с сервером: файлы прикрепляются только при подключении.",
  "internal": "Ошибка сервера — попробуйте ещё раз.",
};

export function errorText(code: string): string {
  return (TEXT as Record<string, string>)[code] ?? `Ошибка: ${code}`;
}
