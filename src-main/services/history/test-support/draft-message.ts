import type { NewHistoryMessage } from '../history-types';

/** A message to insert in tests; override what the test is about. */
export function draftMessage(overrides: Partial<NewHistoryMessage> = {}): NewHistoryMessage {
  return {
    accountId: 'acc-1',
    remoteUri: 'sip:bob@example.com',
    direction: 'in',
    contentType: 'text/plain',
    text: 'hello',
    timestamp: 1_700_000_000_000,
    path: 'msrp',
    ...overrides,
  };
}
