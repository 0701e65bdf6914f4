import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TransferId, TransfersState, TransferView } from '../../../src-shared';

/** The transfers list: what `transfers.list` answered, kept current by `transfers.changed`. */
export interface TransfersMirrorState {
  /** false until the first list arrived. */
  readonly loaded: boolean;
  /** Newest first (by creation time). */
  readonly transfers: readonly TransferView[];
}

export const INITIAL_TRANSFERS_STATE: TransfersMirrorState = { loaded: false, transfers: [] };

export function createTransfersStore(): StoreApi<TransfersMirrorState> {
  return createStore<TransfersMirrorState>()(() => INITIAL_TRANSFERS_STATE);
}

function newestFirst(a: TransferView, b: TransferView): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** main's list replaces the mirror (it is the whole truth as of its `seq`). */
export function withTransfersList(list: TransfersState): TransfersMirrorState {
  return { loaded: true, transfers: [...list.transfers].sort(newestFirst) };
}

/** One transfer's new view: it replaces the old one, or joins the list. Views are whole, so a replay changes nothing. */
export function withTransferView(state: TransfersMirrorState, view: TransferView): TransfersMirrorState {
  const index = state.transfers.findIndex((transfer) => transfer.id === view.id);
  if (index === -1) return { ...state, transfers: [...state.transfers, view].sort(newestFirst) };
  const transfers = [...state.transfers];
  transfers[index] = view;
  return { ...state, transfers };
}

export function findTransfer(transfers: readonly TransferView[], id: TransferId): TransferView | undefined {
  return transfers.find((transfer) => transfer.id === id);
}

/** Incoming files waiting for the user's decision, oldest first (the order they arrived in). */
export function pendingOffers(transfers: readonly TransferView[]): TransferView[] {
  return transfers.filter((transfer) => transfer.direction === 'incoming' && transfer.state === 'offered').reverse();
}

/** Still moving (or about to): everything not in a final state. */
export function isActiveTransfer(view: TransferView): boolean {
  return view.state === 'preparing' || view.state === 'offered' || view.state === 'accepted' || view.state === 'transferring';
}
