/** Russian names of the set-up forms' fields, as refusals name them (`periods.1.start`, `daysOff.0`, ...). */
export const WEEKDAYS = ["", "Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"];
export const WEEKDAYS_SHORT = ["", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];

export const PERIOD_KIND_TITLES = { quarter: "четверти", trimester: "триместры", "half-year": "полугодия" } as const;

const SIMPLE: Record<string, string> = {
  name: "Название", start: "Начало года", end: "Конец года", periodKind: "Деление года", periods: "Периоды", bells: "Звонки",
  grade: "Параллель", classTeacherId: "Классный руководитель", subjectId: "Предмет", teacherId: "Учитель", reason: "Причина", slots: "Расписание",
};

export function setupFieldLabel(field: string): string {
  if (SIMPLE[field]) return SIMPLE[field]!;
  const [group, index, part] = field.split(".");
  const n = Number(index) + 1;
  const edge = part === "start" ? ", начало" : part === "end" ? ", конец" : "";
  if (group === "periods") return `Период ${n}${edge}`;
  if (group === "daysOff") return `Выходной или праздник № ${n}`;
  if (group === "moves") return `Перенос № ${n}`;
  if (group === "bells") return `Звонок на ${n}-й урок`;
  if (group === "slots") return `Урок № ${n} расписания`;
  return field;
}
