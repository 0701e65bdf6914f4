import type { ChatMessageView } from '../../../../src-shared';
import { dayKey, dayLabel } from './chat-words';

/** A row of the message list: a day separator, or one message. */
export type MessageRow =
  | { readonly kind: 'day'; readonly key: string; readonly label: string }
  | { readonly kind: 'message'; readonly key: string; readonly message: ChatMessageView };

/** Oldest first for display (the store holds newest first), with a separator before each new day. */
export function messageRows(newestFirst: readonly ChatMessageView[], now: number): MessageRow[] {
  const rows: MessageRow[] = [];
  let day = '';
  for (let index = newestFirst.length - 1; index >= 0; index -= 1) {
    const message = newestFirst[index] as ChatMessageView;
    const key = dayKey(message.timestamp);
    if (key !== day) {
      rows.push({ kind: 'day', key: `day-${key}`, label: dayLabel(message.timestamp, now) });
      day = key;
    }
    rows.push({ kind: 'message', key: message.id, message });
  }
  return rows;
}
