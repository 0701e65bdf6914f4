import { describe, expect, it } from 'vitest';
import type { TransferId } from '../../../src-shared';
import { transferView } from '../test-support/fixtures';
import { INITIAL_TRANSFERS_STATE, isActiveTransfer, pendingOffers, withTransfersList, withTransferView } from './transfers-store';

describe('transfers mirror', () => {
  it('takes main\u2019s list as the whole truth, newest first', () => {
    const older = transferView({ id: 'old' as TransferId, createdAt: 10 });
    const newer = transferView({ id: 'new' as TransferId, createdAt: 20 });
    const state = withTransfersList({ seq: 4, transfers: [older, newer] });
    expect(state.loaded).toBe(true);
    expect(state.transfers.map((view) => view.id)).toEqual(['new', 'old']);
  });

  it('replaces a transfer by id and adds new ones in order', () => {
    let state = withTransferView(INITIAL_TRANSFERS_STATE, transferView({ id: 'a' as TransferId, createdAt: 10, bytes: 1 }));
    state = withTransferView(state, transferView({ id: 'b' as TransferId, createdAt: 20 }));
    state = withTransferView(state, transferView({ id: 'a' as TransferId, createdAt: 10, bytes: 900, state: 'completed' }));
    expect(state.transfers.map((view) => [view.id, view.bytes, view.state])).toEqual([
      ['b', 500_000, 'transferring'],
      ['a', 900, 'completed'],
    ]);
    expect(state.loaded).toBe(false);
  });

  it('lists offers waiting for the user oldest first, and only those', () => {
    const transfers = withTransfersList({
      seq: 1,
      transfers: [
        transferView({ id: 'first' as TransferId, direction: 'incoming', state: 'offered', createdAt: 1 }),
        transferView({ id: 'outgoing-offer' as TransferId, direction: 'outgoing', state: 'offered', createdAt: 2 }),
        transferView({ id: 'second' as TransferId, direction: 'incoming', state: 'offered', createdAt: 3 }),
        transferView({ id: 'done' as TransferId, direction: 'incoming', state: 'completed', createdAt: 4 }),
      ],
    }).transfers;
    expect(pendingOffers(transfers).map((view) => view.id)).toEqual(['first', 'second']);
  });

  it('counts only transfers not in a final state as active', () => {
    const active = ['preparing', 'offered', 'accepted', 'transferring'] as const;
    const final = ['completed', 'failed', 'declined', 'cancelled'] as const;
    for (const state of active) expect(isActiveTransfer(transferView({ state }))).toBe(true);
    for (const state of final) expect(isActiveTransfer(transferView({ state }))).toBe(false);
  });
});
