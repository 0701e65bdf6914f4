import { useEffect, useRef } from 'react';
import { useCommands } from '../../bridge/bridge-context';
import { subscribeConsoleEntries } from './console-feed';
import { useConsoleStore } from './console-store';

function newClientId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return `console-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * While the console is open: subscribed in main at the chosen levels (renewed before the lease ends),
 * filled from `console.snapshot`, then from the `console.entries` batches. Closing it unsubscribes, and
 * main turns every trace off when no console is left.
 */
export function useConsoleConnection(): void {
  const commands = useCommands();
  const levels = useConsoleStore((state) => state.levels);
  const clientId = useRef<string>(newClientId());

  useEffect(() => {
    const id = clientId.current;
    const store = useConsoleStore.getState();
    const unsubscribeFeed = subscribeConsoleEntries((event) => {
      useConsoleStore.getState().receive(event.entries);
      if (event.skipped > 0) useConsoleStore.getState().setNotice(`${event.skipped} entries were not sent live; Refresh shows them.`);
    });
    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const subscribe = async (): Promise<void> => {
      const result = await commands.invoke('console.subscribe', id, useConsoleStore.getState().levels);
      if (stopped) return;
      if (!result.ok) {
        store.setNotice(`The console could not subscribe: ${result.error.message}`);
        renewTimer = setTimeout(() => void subscribe(), 5_000);
        return;
      }
      renewTimer = setTimeout(() => void subscribe(), Math.max(1_000, result.value.leaseMs / 3));
    };
    void (async () => {
      await subscribe();
      const snapshot = await commands.invoke('console.snapshot');
      if (!stopped && snapshot.ok) useConsoleStore.getState().replaceEntries(snapshot.value.entries);
    })();
    return () => {
      stopped = true;
      clearTimeout(renewTimer);
      unsubscribeFeed();
      void commands.invoke('console.unsubscribe', id);
    };
  }, [commands]);

  // A level change is a new subscription with the same id (main keeps the highest level per trace).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void commands.invoke('console.subscribe', clientId.current, levels);
  }, [commands, levels]);
}
