import type { AccountId, EventEnvelope, SessionId } from '../../../src-shared';
import { redactValue } from '../../common';
import { cut } from './sip-entry';

export interface NotificationParts {
  readonly summary: string;
  readonly accountId: AccountId | null;
  readonly sessionId: SessionId | null;
  readonly text: string;
}

/** A broadcaster event as a console entry: its name and the ids it names; at `full` level its payload, redacted. */
export function notificationParts(event: EventEnvelope, level: 'headers' | 'full'): NotificationParts {
  const payload = event.payload as unknown as Record<string, unknown>;
  const accountId = typeof payload.accountId === 'string' ? (payload.accountId as AccountId) : null;
  const sessionId =
    typeof payload.sessionId === 'string'
      ? (payload.sessionId as SessionId)
      : event.name === 'sessions.changed' && typeof payload.id === 'string'
        ? (payload.id as SessionId)
        : null;
  const state = typeof payload.state === 'string' ? ` ${payload.state}` : '';
  const summary = `${event.name}${state}`;
  const text = level === 'full' ? `${event.name} (seq ${event.seq})\n${cut(JSON.stringify(redactValue(payload), null, 2))}` : `${event.name} (seq ${event.seq})`;
  return { summary, accountId, sessionId, text };
}
