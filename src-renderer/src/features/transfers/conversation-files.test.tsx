import { describe, expect, it } from 'vitest';
import type { AccountId, TransferId, TransferView } from '../../../../src-shared';
import { createBridge } from '../../bridge/bridge';
import { FakeAdapter, flushPromises } from '../../test-support/fake-adapter';
import { accountsState, snapshot, sipAccount, transferView } from '../../test-support/fixtures';
import { renderWithBridge } from '../../test-support/render';
import { ConversationFiles, transfersWith } from './conversation-files';

const ACC = 'acc-1' as AccountId;

function view(id: string, overrides: Partial<TransferView>): TransferView {
  return transferView({ id: id as TransferId, ...overrides });
}

describe('a conversation’s files', () => {
  // Newest first, as the mirror keeps them.
  const transfers = [
    view('live-in', { direction: 'incoming', state: 'offered', peer: 'sip:bob@Example.org;transport=tcp', createdAt: 9 }),
    view('carol', { state: 'completed', peer: 'sip:carol@example.org', createdAt: 8 }),
    view('other-account', { accountId: 'acc-2' as AccountId, peer: 'sip:bob@example.org', createdAt: 7 }),
    view('done-4', { state: 'completed', createdAt: 6 }),
    view('done-3', { state: 'declined', createdAt: 5 }),
    view('live-out', { state: 'transferring', createdAt: 4 }),
    view('done-2', { state: 'failed', createdAt: 3 }),
    view('done-1', { state: 'completed', createdAt: 2 }),
  ];

  it('lists this party’s transfers from this account, oldest first: every live one and the three newest finished', () => {
    const { visible, hidden } = transfersWith(transfers, ACC, 'sip:bob@example.org');
    expect(visible.map((item) => item.id)).toEqual(['done-2', 'live-out', 'done-3', 'done-4', 'live-in']);
    expect(hidden).toBe(1);
  });

  it('shows them with progress and a keyboard-reachable “Send files…” beside a multiple-file chooser', async () => {
    const adapter = new FakeAdapter();
    adapter.answer = (name) => (name === 'transfers.list' ? { ok: true, value: { seq: 1, transfers } } : { ok: true, value: null });
    const bridge = createBridge(adapter);
    adapter.answerSnapshot(snapshot(1, accountsState(sipAccount())));
    await bridge.whenSynced();
    await flushPromises();
    const html = renderWithBridge(bridge, <ConversationFiles accountId={ACC} party="sip:bob@example.org" partyName="Bob" />);
    expect(html).toContain('aria-label="Files with Bob"');
    expect(html.match(/data-testid="transfer"/g)).toHaveLength(5);
    expect(html).toContain('aria-label="Accept report.pdf"');
    expect(html).toContain('<progress');
    expect(html).toMatch(/<button type="button"[^>]*data-testid="conversation-send-files"[^>]*>Send files…<\/button>/);
    expect(html).toMatch(/<input type="file" multiple=""[^>]*hidden=""/);
    expect(html).toContain('All transfers (1 more with Bob)');
  });
});
