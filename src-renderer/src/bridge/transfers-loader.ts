import type { EventEnvelope, TransferView } from '../../../src-shared';
import type { MirrorStores } from '../stores/mirror-stores';
import { withTransfersList, withTransferView } from '../stores/transfers-store';
import type { AdapterHandle } from './adapter-handle';

/** Events kept while a `transfers.list` request is out (more than this in one round trip: the list is asked again). */
const MAX_BUFFERED = 1000;

export interface TransfersLoader {
  /** Every event the bridge applied, after it applied it. */
  observe(event: EventEnvelope): void;
  /** The mirror holds a fresh snapshot: the transfers list (not part of it) is fetched again. */
  resynced(): void;
}

/**
 * The bridge's half of the transfers mirror. The list is not in the app snapshot; `transfers.list` answers
 * with the `seq` it is valid at, so the `transfers.changed` events that arrived while it was out are replayed
 * over it when they are newer, and dropped when the list already holds them.
 */
export function createTransfersLoader(commands: Pick<AdapterHandle, 'invoke'>, stores: MirrorStores): TransfersLoader {
  let request = 0;
  let buffered: EventEnvelope<'transfers.changed'>[] | null = null;

  async function load(): Promise<void> {
    const token = ++request;
    buffered = [];
    const result = await commands.invoke('transfers.list');
    if (token !== request) return;
    const replay = buffered;
    buffered = null;
    if (!result.ok || result.value === null || !Array.isArray(result.value.transfers)) return;
    if (replay === null) {
      // Too much happened during the round trip to replay safely: ask again.
      void load();
      return;
    }
    const list = result.value;
    let next = withTransfersList(list);
    for (const event of replay) if (event.seq > list.seq) next = withTransferView(next, event.payload as TransferView);
    stores.transfers.setState(next, true);
  }

  return {
    observe(event) {
      if (event.name !== 'transfers.changed' || buffered === null) return;
      if (buffered.length < MAX_BUFFERED) buffered.push(event as EventEnvelope<'transfers.changed'>);
      else buffered = null;
    },
    resynced() {
      void load();
    },
  };
}
