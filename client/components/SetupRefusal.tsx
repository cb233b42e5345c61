/** A set-up refusal in words, each field at fault under its Russian name. */
import { For, Show, type JSX } from "solid-js";
import { errorText } from "../i18n/error-text.ts";
import { setupFieldLabel } from "../i18n/setup-labels.ts";
import type { Refusal } from "../stores/people-store.ts";

export function SetupRefusal(props: { refusal: Refusal }): JSX.Element {
  return (
    <Show when={props.refusal.code}>
      <div class="refusal" role="alert" data-testid="refusal">
        <Show when={props.refusal.fields.length > 0} fallback={<p>{errorText(props.refusal.code!)}</p>}>
          <ul>
            <For each={props.refusal.fields}>{(f) => <li data-field={f.field}>{setupFieldLabel(f.field)}: {errorText(f.code)}</li>}</For>
          </ul>
        </Show>
      </div>
    </Show>
  );
}
