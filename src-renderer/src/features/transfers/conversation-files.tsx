import { useMemo, useRef, type ChangeEvent } from 'react';
import type { AccountId, TransferView } from '../../../../src-shared';
import { useTransfersMirror } from '../../bridge/bridge-context';
import { sessionPartyKey } from '../../stores/chat-keys';
import { isActiveTransfer } from '../../stores/transfers-store';
import { useUiStore } from '../../stores/ui-store';
import { PendingFileItem } from './pending-file-item';
import { TransferItem } from './transfer-item';
import { usePageUploads, usePendingFilesFor } from './use-page-uploads';

/** Finished transfers shown in a conversation besides the live ones; the transfers page has the rest. */
const RECENT_FINISHED = 3;

interface ConversationFilesProps {
  readonly accountId: AccountId;
  /** The party's address (the conversation's key). */
  readonly party: string;
  readonly partyName: string;
}

/**
 * The files exchanged with one party, in the conversation: files on their way into Parley, every live
 * transfer with its progress (offers with Accept / Decline), the last few finished ones, and "Send files…"
 * (the system's file chooser; dropping files anywhere on the conversation does the same).
 */
export function ConversationFiles({ accountId, party, partyName }: ConversationFilesProps) {
  const uploads = usePageUploads();
  const picker = useRef<HTMLInputElement>(null);
  const pending = usePendingFilesFor(accountId, party);
  const all = useTransfersMirror((state) => state.transfers);
  const showTransfers = useUiStore((state) => state.showTransfers);
  const shown = useMemo(() => transfersWith(all, accountId, party), [all, accountId, party]);

  function onPicked(event: ChangeEvent<HTMLInputElement>): void {
    const input = event.currentTarget;
    uploads.send(accountId, party, Array.from(input.files ?? []));
    // Choosing the same file again must fire change again.
    input.value = '';
  }

  return (
    <section className="conversation-files" aria-label={`Files with ${partyName}`} data-testid="conversation-files">
      {pending.length + shown.visible.length === 0 ? null : (
        <ul className="transfer-list" data-testid="conversation-transfers">
          {shown.visible.map((view) => (
            <TransferItem key={view.id} view={view} />
          ))}
          {pending.map((item) => (
            <PendingFileItem key={item.key} item={item} />
          ))}
        </ul>
      )}
      <div className="conversation-files-actions">
        <button type="button" onClick={() => picker.current?.click()} data-testid="conversation-send-files">
          Send files…
        </button>
        <input ref={picker} type="file" multiple hidden onChange={onPicked} aria-label={`Files to send to ${partyName}`} data-testid="conversation-file-picker" />
        {shown.hidden > 0 ? (
          <button type="button" className="link" onClick={showTransfers}>
            {`All transfers (${shown.hidden} more with ${partyName})`}
          </button>
        ) : null}
      </div>
    </section>
  );
}

/** This party's transfers from this account, oldest first: every live one and the newest finished ones. */
export function transfersWith(transfers: readonly TransferView[], accountId: AccountId, party: string): { visible: TransferView[]; hidden: number } {
  const key = sessionPartyKey(party);
  const mine = transfers.filter((view) => view.accountId === accountId && sessionPartyKey(view.peer) === key);
  let finished = 0;
  // The mirror lists newest first: keep the live ones and the first few finished ones.
  const visible = mine.filter((view) => isActiveTransfer(view) || finished++ < RECENT_FINISHED).reverse();
  return { visible, hidden: mine.length - visible.length };
}
