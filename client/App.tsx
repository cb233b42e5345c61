/** The app shell: sign-in, the header, and the route's view. */
import { Match, onMount, Show, Switch, type JSX } from "solid-js";
import { createSessionStore } from "./stores/session-store.ts";
import { route } from "./router.ts";
import { LoginForm } from "./components/LoginForm.tsx";
import { Home } from "./components/Home.tsx";
import { JournalView } from "./components/JournalView.tsx";
import { DiaryView } from "./components/DiaryView.tsx";
import { UpdateOffer } from "./components/UpdateOffer.tsx";
import { MessagesView } from "./components/MessagesView.tsx";
import { DiaryUsageView } from "./components/DiaryUsageView.tsx";
import { createInboxStore, unreadTotal } from "./stores/inbox-store.ts";
import { ReportsView } from "./components/ReportsView.tsx";
import { PrintedJournalView } from "./components/PrintedJournalView.tsx";
import { ActivateView } from "./components/ActivateView.tsx";
import { ChangePasswordForm } from "./components/ChangePasswordForm.tsx";
import { StaffView } from "./components/StaffView.tsx";
import { ClassCardsView } from "./components/ClassCardsView.tsx";
import { ImportView } from "./components/ImportView.tsx";
import { YearSetupView } from "./components/YearSetupView.tsx";
import { TimetableView } from "./components/TimetableView.tsx";
import { SubstitutionsView } from "./components/SubstitutionsView.tsx";
import { canEditTimetable } from "../shared/calendar.ts";
import { GroupsView } from "./components/GroupsView.tsx";
import { PlanEditorView } from "./components/PlanEditorView.tsx";
import { CurriculumView } from "./components/CurriculumView.tsx";
import { MovementView } from "./components/MovementView.tsx";
import { YearCloseView } from "./components/YearCloseView.tsx";
import { diaryDocName, journalDocName } from "../shared/doc-names.ts";
import type { DiarySummary, Me, PageSummary } from "../shared/api.ts";

function pageOf(me: Me, pageId: string): PageSummary {
  // A page not on the list is still asked for: the server says why it is refused.
  return me.pages.find((p) => p.pageId === pageId) ?? { pageId, docName: journalDocName(pageId), className: "", subjectName: "", teacherName: "", access: "read" };
}

function diaryOf(me: Me, studentId: string): DiarySummary {
  return me.diaries.find((d) => d.studentId === studentId) ?? { studentId, docName: diaryDocName(studentId), fullName: "", className: "" };
}

export function App(): JSX.Element {
  const [session, actions] = createSessionStore();
  onMount(() => void actions.init());
  return (
    <Switch fallback={<p class="loading">Загрузка…</p>}>
      <Match when={session.status === "signed-out"}>
        <Show when={route().name === "activate"} fallback={<LoginForm busy={session.busy} error={session.error} onSubmit={(l, p) => void actions.signIn(l, p)} />}>
          <ActivateView parentSignedIn={false} onActivated={() => { location.hash = "#/"; void actions.init(); }} />
        </Show>
      </Match>
      <Match when={session.status === "signed-in" && session.me?.user.mustChangePassword && session.me}>
        {(me) => <ChangePasswordForm fullName={me().user.fullName} onDone={() => void actions.init()} onSignOut={() => void actions.signOut()} />}
      </Match>
      <Match when={session.status === "signed-in" && session.me}>
        {(me) => {
          // M1: one inbox per signed-in user, open app-wide for the unread count.
          const inbox = createInboxStore(me().user.id, actions.expired);
          return (
          <>
            <header class="app-head">
              <a href="#/" class="brand">Журнал</a>
              <a href="#/messages" class="messages-link" data-testid="messages-link">
                Сообщения<Show when={unreadTotal(inbox[0]) > 0}> <span class="unread" data-testid="unread-total">{unreadTotal(inbox[0])}</span></Show>
              </a>
              <span class="user">{me().user.fullName}</span>
              <Show when={session.offline}><span class="badge">без связи</span></Show>
              <button type="button" data-testid="sign-out" onClick={() => void actions.signOut()}>Выйти</button>
            </header>
            <UpdateOffer />
            <main>
              <Switch>
                <Match when={route().name === "journal" && route()}>
                  {(r) => <Show when={(r() as { pageId: string }).pageId} keyed>{(id) => <JournalView page={pageOf(me(), id)} user={me().user} onSessionEnded={actions.expired} />}</Show>}
                </Match>
                <Match when={route().name === "diary" && route()}>
                  {(r) => <Show when={(r() as { studentId: string }).studentId} keyed>{(id) => <DiaryView diary={diaryOf(me(), id)} siblings={me().diaries} onSessionEnded={actions.expired} />}</Show>}
                </Match>
                <Match when={route().name === "messages" && route()}>
                  {(r) => <MessagesView store={inbox} conversationId={(r() as { conversationId: string | null }).conversationId} userId={me().user.id} />}
                </Match>
                <Match when={route().name === "usage" && route()}>
                  {(r) => <Show when={(r() as { classId: string | null }).classId ?? "first"} keyed>{(id) => <DiaryUsageView classId={id === "first" ? null : id} />}</Show>}
                </Match>
                <Match when={route().name === "reports"}>
                  <ReportsView />
                </Match>
                <Match when={route().name === "print" && (route() as { pageId: string; periodId: string })}>
                  {(r) => (
                    <Show when={`${r().pageId}/${r().periodId}`} keyed>
                      {(key) => <PrintedJournalView pageId={key.split("/")[0]!} periodId={key.split("/")[1]!} />}
                    </Show>
                  )}
                </Match>
                <Match when={route().name === "staff"}>
                  <StaffView selfId={me().user.id} />
                </Match>
                <Match when={route().name === "class" && route()}>
                  {(r) => <Show when={(r() as { classId: string | null }).classId ?? "first"} keyed>{(id) => <ClassCardsView classId={id === "first" ? null : id} />}</Show>}
                </Match>
                <Match when={route().name === "import"}>
                  <ImportView canImportStaff={me().user.role === "admin"} />
                </Match>
                <Match when={route().name === "setup" && route()}>
                  {(r) => <Show when={(r() as { yearId: string | null }).yearId ?? "current"} keyed>{(id) => <YearSetupView yearId={id === "current" ? null : id} />}</Show>}
                </Match>
                <Match when={route().name === "timetable" && route()}>
                  {(r) => <Show when={(r() as { classId: string }).classId} keyed>{(id) => <TimetableView classId={id} canEdit={canEditTimetable({ userId: me().user.id, role: me().user.role, classTeacherOf: me().user.classTeacherOf }).ok} />}</Show>}
                </Match>
                <Match when={route().name === "substitutions" && route()}>
                  {(r) => <Show when={(r() as { date: string | null }).date ?? "today"} keyed>{(d) => <SubstitutionsView date={d === "today" ? null : d} />}</Show>}
                </Match>
                <Match when={route().name === "groups" && route()}>
                  {(r) => <Show when={(r() as { classId: string | null }).classId ?? "first"} keyed>{(id) => <GroupsView classId={id === "first" ? null : id} />}</Show>}
                </Match>
                <Match when={route().name === "plans" && (route() as { subjectId: string | null; grade: number | null })}>
                  {(r) => <Show when={`${r().subjectId ?? ""}/${r().grade ?? ""}`} keyed>{(key) => <PlanEditorView subjectId={key.split("/")[0] || null} grade={Number(key.split("/")[1]) || null} />}</Show>}
                </Match>
                <Match when={route().name === "curriculum"}>
                  <CurriculumView />
                </Match>
                <Match when={route().name === "movement"}>
                  <MovementView />
                </Match>
                <Match when={route().name === "years"}>
                  <YearCloseView />
                </Match>
                <Match when={route().name === "activate"}>
                  <Show when={me().user.role === "parent"} fallback={<p>Вы уже вошли как {me().user.fullName}. Чтобы зарегистрироваться по коду, сначала выйдите.</p>}>
                    <ActivateView parentSignedIn={true} onActivated={() => void actions.init()} />
                  </Show>
                </Match>
                <Match when={true}>
                  <Home me={me()} />
                </Match>
              </Switch>
            </main>
          </>
          );
        }}
      </Match>
    </Switch>
  );
}
