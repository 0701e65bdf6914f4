import type { CommandArgs, CommandName, CommandResult, EventName, Events } from '../../../src-shared';
import type { ConnectionState } from '../stores/app-store';
import type { ClientResult } from './client-result';

/**
 * What the bridge needs from an IPC adapter: the contract's `ParleyApi` shape (invoke never throws or
 * rejects), plus the channel's connection state, which only the WebSocket adapter can ever lose.
 */
export interface AdapterHandle {
  readonly kind: 'electron' | 'web';
  invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<ClientResult<CommandResult<N>>>;
  on<N extends EventName>(name: N, listener: (payload: Events[N], seq: number) => void): () => void;
  /** Calls `listener` with the current state at once, then on every change. Returns the unsubscribe function. */
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
  dispose(): void;
}
