import type { IpcRenderer, WebUtils } from 'electron';
import {
  isCommandName,
  isEventName,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventEnvelope,
  type EventName,
  type Events,
  type PageFile,
  type ParleyApi,
} from '../../src-shared/ipc/contract';
import { err, type Result } from '../../src-shared/ipc/result';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on'>;
/** Electron's `webUtils`: only `getPathForFile` is used. */
export type PreloadFiles = Pick<WebUtils, 'getPathForFile'>;

export class UnknownEventNameError extends Error {
  readonly code = 'unknown-event';
  override readonly name = 'UnknownEventNameError';
}

type AnyListener = (payload: unknown, seq: number) => void;

function isEnvelope(value: unknown): value is EventEnvelope {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return typeof record['seq'] === 'number' && isEventName(record['name']) && 'payload' in record;
}

/**
 * The page's whole view of Electron: `invoke` and `on`, checked against the contract's allowlists, and with
 * `files` (Electron's webUtils) `pathForFile`. The IpcRenderer and its event objects stay here; listeners get
 * only (payload, seq).
 */
export function createParleyApi(ipc: PreloadIpc, files?: PreloadFiles): ParleyApi {
  const listeners = new Map<EventName, Set<AnyListener>>();
  ipc.on(EVENT_CHANNEL, (_event, envelope: unknown) => {
    if (!isEnvelope(envelope)) return;
    for (const listener of [...(listeners.get(envelope.name) ?? [])]) {
      try {
        listener(envelope.payload, envelope.seq);
      } catch (error) {
        // One failing listener must not starve the others; the error still reaches the console.
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  });

  const invoke = async <N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<Result<CommandResult<N>>> => {
    if (!isCommandName(name)) return err('unknown-command', `"${String(name)}" is not a Parley command`);
    try {
      return (await ipc.invoke(INVOKE_CHANNEL, name, args)) as Result<CommandResult<N>>;
    } catch {
      // The main side has no handler (shutting down) or refused the call.
      return err('unavailable', 'the main process did not answer');
    }
  };

  const on = <N extends EventName>(name: N, listener: (payload: Events[N], seq: number) => void): (() => void) => {
    if (!isEventName(name)) throw new UnknownEventNameError(`"${String(name)}" is not a Parley event`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const set = listeners.get(name) ?? new Set<AnyListener>();
    listeners.set(name, set);
    const entry = listener as AnyListener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  };

  if (files === undefined) return { invoke, on };

  /**
   * The path of a dropped or picked file, nothing more: no read, no stat, no other file-system call. A value
   * that is not a file the page got from the user (one it made, or not a File at all) gives ''.
   */
  const pathForFile = (file: PageFile): string => {
    if (typeof file !== 'object' || file === null) return '';
    try {
      const path = files.getPathForFile(file as unknown as Parameters<PreloadFiles['getPathForFile']>[0]);
      return typeof path === 'string' ? path : '';
    } catch {
      return '';
    }
  };

  return { invoke, on, pathForFile };
}
