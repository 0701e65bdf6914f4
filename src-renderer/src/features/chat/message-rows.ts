import type { ChatMessageView } from '../../../../src-shared';
import { dayKey, dayLabel } from './chat-words';

/** A row of the message list: a day separator, or one message. */
export type MessageRow =
  | { readonly kind: 'day'; readonly key: string; readonly label: string }
  | { readonly kind: 'message'; readonly key: string; readonly message: ChatMessageView };

/** The local day that holds `epochMs`, as [start, end) in epoch ms (a day is not always 24 hours: DST). */
function dayBounds(epochMs: number): { readonly start: number; readonly end: number } {
  const date = new Date(epochMs);
  return {
    start: new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime(),
    end: new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime(),
  };
}

/**
 * Oldest first for display (the store holds newest first), with a separator before each new day. Runs on every
 * change of the open conversation, over all its loaded messages: a message costs two number comparisons, and
 * only a new day costs Date arithmetic.
 */
export function messageRows(newestFirst: readonly ChatMessageView[], now: number): MessageRow[] {
  const rows: MessageRow[] = [];
  let day = { start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
  for (let index = newestFirst.length - 1; index >= 0; index -= 1) {
    const message = newestFirst[index] as ChatMessageView;
    if (message.timestamp < day.start || message.timestamp >= day.end) {
      day = dayBounds(message.timestamp);
      rows.push({ kind: 'day', key: `day-${dayKey(message.timestamp)}`, label: dayLabel(message.timestamp, now) });
    }
    rows.push({ kind: 'message', key: message.id, message });
  }
  return rows;
}
