/** Realistic names for the demo school. */
export interface Person {
  surname: string;
  name: string;
  patronymic: string;
  sex: "м" | "ж";
}

const p = (surname: string, name: string, patronymic: string, sex: "м" | "ж"): Person => ({ surname, name, patronymic, sex });

export const STAFF = {
  admin: { login: "admin", role: "admin", person: p("Соколов", "Дмитрий", "Алексеевич", "м") },
  director: { login: "director", role: "director", person: p("Морозова", "Татьяна", "Ивановна", "ж") },
  deputy: { login: "deputy", role: "deputy", person: p("Новикова", "Ирина", "Сергеевна", "ж") },
  medic: { login: "medic", role: "medic", person: p("Лебедева", "Наталья", "Юрьевна", "ж") },
  ivanova: { login: "ivanova", role: "teacher", person: p("Иванова", "Мария", "Петровна", "ж") },
  petrov: { login: "petrov", role: "teacher", person: p("Петров", "Сергей", "Николаевич", "м") },
  smirnova: { login: "smirnova", role: "teacher", person: p("Смирнова", "Ольга", "Викторовна", "ж") },
  kuznetsova: { login: "kuznetsova", role: "teacher", person: p("Кузнецова", "Анна", "Игоревна", "ж") },
  vasilieva: { login: "vasilieva", role: "teacher", person: p("Васильева", "Елена", "Андреевна", "ж") },
} as const;

export type StaffKey = keyof typeof STAFF;

export const CLASS_5A: Person[] = [
  p("Алексеев", "Артём", "Дмитриевич", "м"),
  p("Белова", "Анастасия", "Игоревна", "ж"),
  p("Волков", "Максим", "Андреевич", "м"),
  p("Григорьева", "Полина", "Сергеевна", "ж"),
  p("Денисов", "Кирилл", "Олегович", "м"),
  p("Егорова", "Виктория", "Павловна", "ж"),
  p("Жуков", "Никита", "Алексеевич", "м"),
  p("Зайцева", "София", "Михайловна", "ж"),
  p("Ильин", "Егор", "Владимирович", "м"),
  p("Комарова", "Дарья", "Романовна", "ж"),
  p("Лосев", "Иван", "Евгеньевич", "м"),
  p("Медведева", "Алиса", "Константиновна", "ж"),
];

export const CLASS_6B: Person[] = [
  p("Абрамова", "Ксения", "Викторовна", "ж"),
  p("Борисов", "Даниил", "Сергеевич", "м"),
  p("Воробьёва", "Мария", "Андреевна", "ж"),
  p("Гусев", "Тимофей", "Ильич", "м"),
  p("Дмитриева", "Екатерина", "Олеговна", "ж"),
  p("Ершов", "Матвей", "Николаевич", "м"),
  p("Захарова", "Варвара", "Денисовна", "ж"),
  p("Калинин", "Роман", "Артёмович", "м"),
  p("Орлова", "Елизавета", "Максимовна", "ж"),
  p("Павлов", "Глеб", "Юрьевич", "м"),
];

export const CLASS_1A: Person[] = [
  p("Алексеева", "Ева", "Дмитриевна", "ж"),
  p("Баранов", "Лев", "Петрович", "м"),
  p("Виноградова", "Милана", "Андреевна", "ж"),
  p("Голубев", "Марк", "Сергеевич", "м"),
  p("Данилова", "Вероника", "Игоревна", "ж"),
  p("Карпов", "Степан", "Александрович", "м"),
  p("Никитина", "Ульяна", "Романовна", "ж"),
  p("Фёдоров", "Арсений", "Кириллович", "м"),
];

/** Latin spelling for logins. */
const TRANSLIT: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n",
  о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y",
  ь: "", э: "e", ю: "yu", я: "ya",
};

export function transliterate(s: string): string {
  return [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join("");
}
