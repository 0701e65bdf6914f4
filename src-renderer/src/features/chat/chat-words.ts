import type { ChatMessageView, ConversationView } from '../../../../src-shared';

/** How the other side is called: their display name, else their address without the scheme. */
export function partyName(party: Pick<ConversationView, 'remoteDisplayName' | 'remoteUri' | 'conversation'>): string {
  const name = party.remoteDisplayName?.trim() ?? '';
  return name === '' ? partyAddress(party) : name;
}

export function partyAddress(party: Pick<ConversationView, 'conversation'>): string {
  return party.conversation.replace(/^sips?:/i, '');
}

/** The list's one-line preview: the first line of the text, "You: " before our own. */
export function messagePreview(message: ChatMessageView): string {
  const body = message.text === null ? `(${message.contentType})` : (message.text.split('\n').find((line) => line.trim() !== '') ?? '');
  return message.direction === 'out' ? `You: ${body}` : body;
}

/** A day as a stable key (local time), for separators. */
export function dayKey(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

// One formatter per format, made once: `toLocaleTimeString(locale, options)` builds a new one on every call,
// which made the clock of each message row the costliest part of rendering a burst of messages.
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const FULL_DATE = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
const SHORT_DATE = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
// What `Date.prototype.toLocaleString()` shows without options.
const DATE_AND_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** "Today", "Yesterday", else the date in the user's locale. */
export function dayLabel(epochMs: number, now: number): string {
  if (dayKey(epochMs) === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (dayKey(epochMs) === dayKey(yesterday.getTime())) return 'Yesterday';
  return FULL_DATE.format(epochMs);
}

export function clockTime(epochMs: number): string {
  return CLOCK.format(epochMs);
}

/** The date and the time to the second, in the user's locale (a tooltip). */
export function fullTime(epochMs: number): string {
  return DATE_AND_TIME.format(epochMs);
}

/** The list's time: the clock today, else the date. */
export function listTime(epochMs: number, now: number): string {
  return dayKey(epochMs) === dayKey(now) ? clockTime(epochMs) : SHORT_DATE.format(epochMs);
}

/** Where an outgoing message stands, in words (received messages have no tick). */
export function deliveryWords(message: ChatMessageView): string | null {
  switch (message.state) {
    case 'sending':
      return 'Sending';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'displayed':
      return 'Read';
    case 'failed': {
      const code = message.stateCode !== null && message.stateCode > 0 ? `${message.stateCode} ` : '';
      const reason = message.stateReason?.trim() ?? '';
      return `Not delivered${code !== '' || reason !== '' ? `: ${code}${reason}`.trimEnd() : ''}`;
    }
    case 'received':
      return null;
  }
}
