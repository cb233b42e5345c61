/** A homework file as a download link; its name is shown as text only. */
import type { JSX } from "solid-js";
import type { AttachmentRef } from "../../shared/journal-schema.ts";
import { attachmentUrl } from "../sync/api.ts";

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} МБ`;
}

export function AttachmentLink(props: { attachment: AttachmentRef }): JSX.Element {
  return (
    <a class="attachment-link" href={attachmentUrl(props.attachment.id)} download={props.attachment.name} rel="noopener">
      {props.attachment.name} <small>({sizeText(props.attachment.size)})</small>
    </a>
  );
}
