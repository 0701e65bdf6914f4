import { EVENT_NAMES, type CommandArgs, type CommandName, type CommandResult, type EventEnvelope, type EventName } from '../../../src-shared';
import { createMirrorStores, readonlyMirror, type MirrorStores, type ReadonlyMirrorStores } from '../stores/mirror-stores';
import type { AdapterHandle } from './adapter-handle';
import { clientFailure, type ClientResult } from './client-result';
import { createChatLoader, type ChatActions } from './chat-loader';
import { createDesktopViewerLink, type DesktopViewerLink } from './desktop-viewer-link';
import { defaultFlushScheduler, EventBatcher, type FlushScheduler } from './event-batcher';
import { EventSequencer } from './event-sequencer';
import { createMirrorWriter } from './mirror-writer';
import { createTransfersLoader } from './transfers-loader';

/** The typed command surface components use. Every call resolves with a result; none throws. */
export interface CommandsFacade {
  invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<ClientResult<CommandResult<N>>>;
}

export interface Bridge {
  readonly kind: AdapterHandle['kind'];
  readonly commands: CommandsFacade;
  /** Read-only views of the mirror stores, for components. */
  readonly mirror: ReadonlyMirrorStores;
  /** Conversation list and pages: requests to main whose answers the bridge writes into the mirror. */
  readonly chat: ChatActions;
  /** The in-app desktop viewer's byte channel (`desktop.viewer*`), outside the mirror. */
  readonly desktop: DesktopViewerLink;
  /** Resolves when the mirror holds a snapshot and every event buffered behind it (for tests and start-up). */
  whenSynced(): Promise<void>;
  dispose(): void;
}

export interface BridgeOptions {
  readonly stores?: MirrorStores;
  /** Delay before asking again when main answered the snapshot request with an error. */
  readonly snapshotRetryMs?: number;
  /**
   * When sequenced events are written to the mirror: by default once per animation frame in a page, at once
   * without frames (Node); null: at once.
   */
  readonly scheduleFlush?: FlushScheduler | null;
}

/**
 * The only writer of the mirror stores. Per DESIGN.md "State flow": subscribe to every event first, then
 * fetch the snapshot, then apply buffered and later events newer than it, in order; after a reconnect or a
 * gap in the sequence, fetch a new snapshot. Events are sequenced as they arrive and written in batches, once
 * per frame (EventBatcher): before a snapshot or a command answer reaches the mirror or its caller, the batch
 * queued so far is written, so both see the mirror as of the moment main answered.
 */
export function createBridge(adapter: AdapterHandle, options: BridgeOptions = {}): Bridge {
  const stores = options.stores ?? createMirrorStores();
  const writer = createMirrorWriter(stores);
  const sequencer = new EventSequencer();
  const batcher = new EventBatcher(applyAll, options.scheduleFlush === undefined ? defaultFlushScheduler() : options.scheduleFlush);
  const unsubscribers: (() => void)[] = [];
  let running = false;
  let syncAgain = false;
  let syncedWaiters: (() => void)[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const commands: CommandsFacade = {
    async invoke(name, ...args) {
      try {
        const result = await adapter.invoke(name, ...args);
        // The events main sent before this answer came before it on the channel: write them first, so a caller
        // that writes the answer into the mirror (or reads the mirror) does not get ahead of them.
        batcher.flush();
        return result;
      } catch (error) {
        return clientFailure('internal', `The command ${name} failed in the renderer: ${String(error)}`);
      }
    },
  };
  const chat = createChatLoader(commands, stores);
  const transfers = createTransfersLoader(commands, stores);

  function applyAll(events: readonly EventEnvelope[]): void {
    writer.applyEvents(events);
    for (const event of events) {
      chat.observe(event);
      transfers.observe(event);
    }
  }

  function receive(event: EventEnvelope): void {
    const step = sequencer.receive(event);
    batcher.add(step.events);
    if (step.resync) sync();
  }

  function sync(): void {
    sequencer.beginSync();
    if (running) {
      syncAgain = true;
      return;
    }
    running = true;
    void runSync();
  }

  async function runSync(): Promise<void> {
    try {
      do {
        syncAgain = false;
        const result = await adapter.invoke('app.getSnapshot');
        if (disposed) return;
        if (!result.ok) {
          // Disconnected: the reconnect starts a new sync. Any other failure: ask again shortly.
          if (result.error.code !== 'disconnected') {
            retryTimer = setTimeout(sync, options.snapshotRetryMs ?? 1_000);
          }
          return;
        }
        // Events accepted before the gap or the reconnect are older than the snapshot: they go first.
        batcher.flush();
        writer.applySnapshot(result.value);
        const step = sequencer.completeSync(result.value);
        applyAll(step.events);
        if (step.resync) syncAgain = true;
      } while (syncAgain);
    } finally {
      // No await between the loop's last check and this line, so no sync request can slip through.
      running = false;
    }
    // History is not part of the snapshot: the conversation list (and open pages) are fetched after it.
    if (!disposed) {
      chat.resynced();
      // The transfers list is not in the snapshot either (main persists it apart from the session state).
      transfers.resynced();
    }
    const waiters = syncedWaiters;
    syncedWaiters = [];
    for (const resolve of waiters) resolve();
  }

  for (const name of Object.keys(EVENT_NAMES) as EventName[]) {
    unsubscribers.push(adapter.on(name, (payload, seq) => receive({ seq, name, payload } as EventEnvelope)));
  }
  unsubscribers.push(
    adapter.onConnectionState((state) => {
      writer.setConnection(state);
      if (state === 'connected') sync();
      // Whatever happened while the channel was down is only in the next snapshot.
      else sequencer.beginSync();
    }),
  );

  return {
    kind: adapter.kind,
    mirror: readonlyMirror(stores),
    commands,
    chat: chat.actions,
    desktop: createDesktopViewerLink(adapter, commands),
    whenSynced() {
      if (!sequencer.syncing && !running) return Promise.resolve();
      return new Promise((resolve) => syncedWaiters.push(resolve));
    },
    dispose() {
      disposed = true;
      clearTimeout(retryTimer);
      batcher.dispose();
      for (const unsubscribe of unsubscribers) unsubscribe();
      adapter.dispose();
    },
  };
}
