import type { AccountId } from '../models/account';
import type { ChatMessageView } from '../ipc/contract';

/** A stored message from Bob to alice's account `acc-1`, unless overridden (main's and the renderer's tests). */
export function chatMessage(overrides: Partial<ChatMessageView> = {}): ChatMessageView {
  return {
    id: 'm-1',
    accountId: 'acc-1' as AccountId,
    conversation: 'sip:bob@example.org',
    remoteUri: 'sip:bob@example.org',
    remoteDisplayName: 'Bob',
    direction: 'in',
    contentType: 'text/plain',
    text: 'hello',
    timestamp: 1_000,
    state: 'received',
    stateCode: null,
    stateReason: null,
    stateAt: 1_000,
    path: 'sip-message',
    read: false,
    ...overrides,
  };
}
