import { For, Show, type JSX } from "solid-js";
import type { Me } from "../../shared/api.ts";
import { canReadSetup } from "../../shared/calendar.ts";

export function Home(props: { me: Me }): JSX.Element {
  return (
    <section class="home">
      <Show when={["admin", "director", "deputy", "teacher"].includes(props.me.user.role)}>
        <p><a href="#/reports" data-testid="reports-link">Отчёты</a></p>
      </Show>
      <Show when={props.me.pages.length > 0}>
        <h1>Страницы журнала</h1>
        <ul class="page-list">
          <For each={props.me.pages}>
            {(p) => (
              <li>
                <a data-page-id={p.pageId} href={`#/journal/${p.pageId}`}>{p.className}{p.groupName ? ` (${p.groupName})` : ""} — {p.subjectName}</a>
                <span class="teacher"> {p.teacherName}</span>
                <Show when={p.access === "read"}><span class="badge">чтение</span></Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.me.diaries.length > 0}>
        <h1>Дневники</h1>
        <ul class="diary-list">
          <For each={props.me.diaries}>
            {(d) => (
              <li>
                <a data-student-id={d.studentId} href={`#/diary/${d.studentId}`}>{d.fullName}</a>, {d.className}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.me.user.classTeacherOf.length > 0 || props.me.user.role === "admin" || props.me.user.role === "deputy"}>
        <h1>Мониторинг</h1>
        <ul>
          <li><a href="#/usage" data-testid="usage-link">Посещение электронного дневника учениками и родителями</a></li>
        </ul>
      </Show>
      <Show when={canReadSetup({ userId: props.me.user.id, role: props.me.user.role, classTeacherOf: props.me.user.classTeacherOf }).ok}>
        <h1>Учебный год</h1>
        <ul data-testid="setup-links">
          <li><a href="#/setup" data-testid="setup-link">Учебный год, календарь, классы, предметы и нагрузка</a></li>
          <li><a href="#/substitutions" data-testid="substitutions-link">Расписание дня и замены уроков</a></li>
        </ul>
      </Show>
      <Show when={props.me.user.role === "admin" || props.me.user.classTeacherOf.length > 0}>
        <h1>Люди</h1>
        <ul data-testid="people-links">
          <Show when={props.me.user.role === "admin"}><li><a href="#/staff">Сотрудники и учётные записи</a></li></Show>
          <li><a href="#/class">Ученики класса, карточки и коды приглашения</a></li>
          <li><a href="#/import">Загрузка списков из CSV</a></li>
        </ul>
      </Show>
      <Show when={["admin", "deputy", "director", "teacher"].includes(props.me.user.role)}>
        <h1>Планирование и организация</h1>
        <ul data-testid="setup-links">
          <li><a href="#/plans" data-testid="plans-link">Календарно-тематическое планирование</a></li>
          <Show when={["admin", "deputy", "director"].includes(props.me.user.role)}><li><a href="#/curriculum" data-testid="curriculum-link">Учебный план: часы по предметам</a></li></Show>
          <Show when={props.me.user.role === "admin" || props.me.user.classTeacherOf.length > 0}><li><a href="#/groups" data-testid="groups-link">Группы класса по предметам</a></li></Show>
          <Show when={props.me.user.role === "admin"}>
            <li><a href="#/movement" data-testid="movement-link">Движение учащихся: зачисление, выбытие, перевод</a></li>
            <li><a href="#/years" data-testid="years-link">Закрытие учебного года и перевод классов</a></li>
          </Show>
        </ul>
      </Show>
      <Show when={props.me.user.role === "parent"}>
        <p><a href="#/activate" data-testid="add-child">Добавить ребёнка по коду приглашения</a></p>
      </Show>
      <Show when={props.me.pages.length === 0 && props.me.diaries.length === 0}><p>Нет доступных страниц.</p></Show>
    </section>
  );
}
