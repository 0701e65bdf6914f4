import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { AccountId } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import type { CommandsFacade } from '../../bridge/bridge';
import { desktopFilePathReader } from '../../bridge/local-file-path';
import { sessionPartyKey } from '../../stores/chat-keys';
import { PageUploads, type PendingFile } from './page-uploads';

// One queue per bridge (per window): it outlives the components that fill it.
const queues = new WeakMap<CommandsFacade, PageUploads>();

/** The window's queue of files on their way to main. */
export function usePageUploads(): PageUploads {
  const commands = useCommands();
  let uploads = queues.get(commands);
  if (uploads === undefined) {
    uploads = new PageUploads(commands, desktopFilePathReader());
    queues.set(commands, uploads);
  }
  return uploads;
}

/** The files on their way to one party from one account (a conversation's). */
export function usePendingFilesFor(accountId: AccountId, target: string): readonly PendingFile[] {
  const items = useStore(usePageUploads().store, (state) => state.items);
  return useMemo(() => {
    const party = sessionPartyKey(target);
    return items.filter((item) => item.accountId === accountId && sessionPartyKey(item.target) === party);
  }, [items, accountId, target]);
}
