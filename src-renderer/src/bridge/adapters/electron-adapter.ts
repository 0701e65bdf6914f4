import type { CommandArgs, CommandName, CommandResult, ParleyApi } from '../../../../src-shared';
import { clientFailure, type ClientResult } from '../client-result';
import type { AdapterHandle } from '../adapter-handle';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in a plain browser. */
    readonly parley?: ParleyApi;
  }
}

/** The desktop app's adapter: a thin wrapper around the preload's `window.parley`. */
export function createElectronAdapter(api: ParleyApi): AdapterHandle {
  return {
    kind: 'electron',
    async invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<ClientResult<CommandResult<N>>> {
      try {
        return await api.invoke(name, ...args);
      } catch (error) {
        // The contract says invoke never rejects; a rejection means IPC itself broke, which is a bug.
        return clientFailure('internal', `The command ${name} failed inside IPC: ${String(error)}`);
      }
    },
    on: (name, listener) => api.on(name, listener),
    onConnectionState(listener) {
      // The Electron channel lives as long as the window does.
      listener('connected');
      return () => {};
    },
    dispose() {},
  };
}
