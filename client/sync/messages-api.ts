/** M1: the message routes of the HTTP API. Live delivery and offline reading come with the inbox document. */
import type { ClassParentsRequest, ContactList, InboxMessage, SendMessageRequest, SentMessage } from "../../shared/messages.ts";
import { request } from "./api.ts";

export function loadContacts(): Promise<ContactList> {
  return request<ContactList>("GET", "/api/messages/contacts");
}

export function sendMessage(body: SendMessageRequest): Promise<SentMessage> {
  return request<SentMessage>("POST", "/api/messages", body);
}

export function messageClassParents(body: ClassParentsRequest): Promise<{ recipients: number }> {
  return request<{ recipients: number }>("POST", "/api/messages/class-parents", body);
}

export function markConversationRead(conversationId: string, upTo: string): Promise<void> {
  return request<void>("POST", `/api/conversations/${encodeURIComponent(conversationId)}/read`, { upTo });
}

/** Messages older than the inbox keeps. */
export async function loadOlderMessages(conversationId: string, before: string): Promise<InboxMessage[]> {
  const res = await request<{ messages: InboxMessage[] }>("GET", `/api/conversations/${encodeURIComponent(conversationId)}/messages?before=${encodeURIComponent(before)}`);
  return res.messages;
}
