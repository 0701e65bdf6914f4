import type { SessionView } from '../../../src-shared';
import { conversationId, sessionPartyKey } from './chat-keys';

/**
 * The conversations with a live chat session (the sidebar's dot): sessions not over, with a chat stream that is
 * up or coming up. Derived from the sessions mirror, which main keeps current, rather than from the `live` flag
 * of a conversation page, which is only true as of the moment it was fetched.
 */
export function liveConversationIds(sessions: readonly SessionView[]): ReadonlySet<string> {
  const live = new Set<string>();
  for (const session of sessions) {
    if (session.state === 'terminated' || session.state === 'terminating') continue;
    if (!session.streams.some((stream) => stream.type === 'chat' && stream.state !== 'ended' && stream.state !== 'failed')) continue;
    live.add(conversationId(session.accountId, sessionPartyKey(session.remoteUri)));
  }
  return live;
}
