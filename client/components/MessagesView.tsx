/**
 * M1: conversations with the school. The list (unread counts), one
 * conversation, a new message to a person the rule allows, and for teachers a
 * message to all parents of a class. Every text is rendered as text.
 */
import { createEffect, createMemo, createSignal, For, onCleanup, Show, type JSX } from "solid-js";
import { INBOX_MESSAGES_PER_CONVERSATION, MAX_MESSAGE_CHARS, type Contact } from "../../shared/messages.ts";
import { sortedConversations, threadOf, type InboxStore } from "../stores/inbox-store.ts";
import { errorText } from "../i18n/error-text.ts";
import { SyncBanner } from "./SyncBanner.tsx";

const when = (at: number) => new Date(at).toLocaleString("ru-RU", { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });

function Compose(props: { busy: boolean; label: string; onSend: (text: string) => Promise<boolean> }): JSX.Element {
  const [text, setText] = createSignal("");
  const submit = async (e: Event) => {
    e.preventDefault();
    if (text().trim() === "" || props.busy) return;
    if (await props.onSend(text())) setText("");
  };
  return (
    <form class="compose" onSubmit={(e) => void submit(e)}>
      <textarea
        name="text" aria-label={props.label} rows={3} maxLength={MAX_MESSAGE_CHARS} value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => e.key === "Enter" && (e.ctrlKey || e.metaKey) && void submit(e)}
      />
      <button type="submit" disabled={props.busy || text().trim() === ""}>Отправить</button>
    </form>
  );
}

function NewMessage(props: { store: InboxStore; onStarted: (conversationId: string) => void }): JSX.Element {
  const [state, actions] = props.store;
  const [to, setTo] = createSignal("");
  const [classId, setClassId] = createSignal("");
  const [sentTo, setSentTo] = createSignal<number | null>(null);
  void actions.loadContacts();
  const groups = createMemo(() => {
    const out = new Map<string, Contact[]>();
    for (const c of state.contacts?.contacts ?? []) out.set(c.group, [...(out.get(c.group) ?? []), c]);
    return [...out.entries()];
  });
  return (
    <section class="new-message" aria-label="Новое сообщение">
      <h2>Новое сообщение</h2>
      <label>
        Кому
        <select name="to" value={to()} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="">— выберите —</option>
          <For each={groups()}>
            {([group, list]) => (
              <optgroup label={group}>
                <For each={list}>{(c) => <option value={c.userId}>{c.name} — {c.title}</option>}</For>
              </optgroup>
            )}
          </For>
        </select>
      </label>
      <Show when={to()}>
        <Compose busy={state.sending} label="Текст сообщения" onSend={async (text) => {
          const id = await actions.write(to(), text);
          if (id) props.onStarted(id);
          return id !== null;
        }} />
      </Show>
      <Show when={(state.contacts?.classes.length ?? 0) > 0}>
        <h2>Всем родителям класса</h2>
        <p class="muted">Каждая семья получит сообщение в своей переписке с вами; ответы видите только вы.</p>
        <label>
          Класс
          <select name="class" value={classId()} onChange={(e) => setClassId(e.currentTarget.value)}>
            <option value="">— выберите —</option>
            <For each={state.contacts!.classes}>{(c) => <option value={c.classId}>{c.className} (семей: {c.families})</option>}</For>
          </select>
        </label>
        <Show when={classId()}>
          <Compose busy={state.sending} label="Текст сообщения родителям" onSend={async (text) => {
            const n = await actions.writeToClassParents(classId(), text);
            setSentTo(n);
            return n !== null;
          }} />
        </Show>
        <Show when={sentTo() !== null}><p role="status" data-testid="class-sent">Отправлено семьям: {sentTo()}</p></Show>
      </Show>
    </section>
  );
}

function Thread(props: { store: InboxStore; conversationId: string; userId: string }): JSX.Element {
  const [state, actions] = props.store;
  const summary = () => state.conversations[props.conversationId];
  const thread = createMemo(() => threadOf(state, props.conversationId));
  const [exhausted, setExhausted] = createSignal(false);
  // Seen as soon as it is on screen (not while the tab is in the background); without a network the marker is sent once the connection is back.
  const [visible, setVisible] = createSignal(document.visibilityState !== "hidden");
  const onVisibility = () => setVisible(document.visibilityState !== "hidden");
  document.addEventListener("visibilitychange", onVisibility);
  onCleanup(() => document.removeEventListener("visibilitychange", onVisibility));
  createEffect(() => {
    if (visible() && state.connection === "connected" && (summary()?.unread ?? 0) > 0) void actions.markRead(props.conversationId);
  });
  const older = async () => {
    const first = thread()[0];
    if (first && (await actions.loadOlder(props.conversationId, first.id)) === 0) setExhausted(true);
  };
  return (
    <section class="thread" aria-label="Переписка" data-conversation-id={props.conversationId}>
      <Show when={summary()} fallback={<p class="muted">Переписка не найдена.</p>}>
        {(s) => (
          <>
            <h2>{s().withName}</h2>
            <p class="muted">{s().withTitle}</p>
            <Show when={thread().length >= INBOX_MESSAGES_PER_CONVERSATION && !exhausted()}>
              <button type="button" onClick={() => void older()}>Показать более ранние</button>
            </Show>
            <ol class="messages">
              <For each={thread()}>
                {(m) => (
                  <li data-message-id={m.id} classList={{ mine: m.authorId === props.userId }}>
                    <div class="meta">
                      <strong>{m.authorId === props.userId ? "Вы" : m.authorName}</strong> · <time>{when(m.at)}</time>
                      <Show when={m.toClassParents}> · <span class="badge">всем родителям {m.toClassParents}</span></Show>
                    </div>
                    <p class="message-text">{m.text}</p>
                  </li>
                )}
              </For>
            </ol>
            <Compose busy={state.sending} label="Ответ" onSend={(text) => actions.reply(props.conversationId, text)} />
          </>
        )}
      </Show>
    </section>
  );
}

export function MessagesView(props: { store: InboxStore; conversationId: string | null; userId: string }): JSX.Element {
  const [state, actions] = props.store;
  const [composing, setComposing] = createSignal(false);
  const list = createMemo(() => sortedConversations(state));
  const open = (id: string) => {
    setComposing(false);
    location.hash = `#/messages/${id}`;
  };
  return (
    <section class="messages-view" data-testid="messages">
      <h1>Сообщения</h1>
      <SyncBanner connection={state.connection} synced={state.connection === "connected"} />
      <Show when={state.connection !== "connected" && state.syncedAt}>
        <p class="as-of">Сообщения на {new Date(state.syncedAt!).toLocaleString("ru-RU")}</p>
      </Show>
      <Show when={state.error}>
        <p class="refusal" role="alert">{errorText(state.error!)} <button type="button" onClick={() => actions.clearError()}>Скрыть</button></p>
      </Show>
      <div class="messages-layout">
        <nav class="conversations" aria-label="Переписки">
          <button type="button" data-testid="new-message" onClick={() => setComposing(true)}>Новое сообщение</button>
          <Show when={list().length > 0} fallback={<p class="muted">Переписок пока нет.</p>}>
            <ul>
              <For each={list()}>
                {(c) => (
                  <li aria-current={c.id === props.conversationId ? "page" : undefined}>
                    <a href={`#/messages/${c.id}`} data-conversation-link={c.id}>
                      <strong>{c.withName}</strong>
                      <Show when={c.unread > 0}> <span class="unread" data-unread={c.unread} aria-label={`непрочитанных: ${c.unread}`}>{c.unread}</span></Show>
                      <span class="muted title">{c.withTitle}</span>
                      <span class="preview">{c.preview}</span>
                    </a>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </nav>
        <Show when={!composing() && props.conversationId} fallback={<Show when={composing()} fallback={<p class="muted">Выберите переписку или напишите новое сообщение.</p>}><NewMessage store={props.store} onStarted={open} /></Show>} keyed>
          {(id) => <Thread store={props.store} conversationId={id} userId={props.userId} />}
        </Show>
      </div>
    </section>
  );
}
