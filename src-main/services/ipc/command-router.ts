import {
  err,
  isCommandName,
  ok,
  validateCommandArgs,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventEnvelope,
  type Result,
} from '../../../src-shared';
import { toDisposable, type Disposable, type Logger } from '../../common';
import { ServicesError } from '../errors';
import type { EventBroadcaster } from './event-broadcaster';
import type { IpcCore } from './ipc-core';

export type CommandHandler<N extends CommandName> = (...args: CommandArgs<N>) => Promise<CommandResult<N>> | CommandResult<N>;

type HandlerMap = { [N in CommandName]?: CommandHandler<N> };

/**
 * The core's side of IPC. Every invocation is checked in this order: known name ('unknown-command'),
 * arguments against the contract's schemas ('invalid-argument' with `field`), then the handler runs with
 * the parsed (clean) arguments. A ServicesError becomes its code; anything else is a bug: logged in full,
 * reported as 'internal' with a generic message. `invoke` never throws and never rejects.
 */
export class CommandRouter implements IpcCore {
  readonly #handlers: HandlerMap = {};
  readonly #broadcaster: EventBroadcaster;
  readonly #logger: Logger;
  #disposed = false;

  constructor(options: { broadcaster: EventBroadcaster; logger: Logger }) {
    this.#broadcaster = options.broadcaster;
    this.#logger = options.logger;
  }

  register<N extends CommandName>(name: N, handler: CommandHandler<N>): Disposable {
    if (this.#handlers[name] !== undefined) throw new Error(`A handler for ${name} is already registered`);
    (this.#handlers as Record<N, CommandHandler<N>>)[name] = handler;
    return toDisposable(() => {
      if (this.#handlers[name] === handler) delete this.#handlers[name];
    });
  }

  async invoke(name: unknown, args: unknown): Promise<Result<unknown>> {
    try {
      if (!isCommandName(name)) {
        return err('unknown-command', 'Parley does not know this command.');
      }
      if (this.#disposed) return err('unavailable', 'Parley is shutting down.');
      return await this.#dispatch(name, args);
    } catch (error) {
      // Only reachable through a bug in the checks above; still never reject.
      this.#logger.error('Command routing failed', { error });
      return err('internal', 'Something went wrong inside Parley.');
    }
  }

  subscribe(listener: (event: EventEnvelope) => void): () => void {
    return this.#broadcaster.subscribe(listener);
  }

  /** Later invocations answer 'unavailable'; handlers are dropped. */
  dispose(): void {
    this.#disposed = true;
    for (const name of Object.keys(this.#handlers) as CommandName[]) delete this.#handlers[name];
  }

  async #dispatch<N extends CommandName>(name: N, rawArgs: unknown): Promise<Result<unknown>> {
    const validated = validateCommandArgs(name, rawArgs);
    if (!validated.ok) return validated;
    const handler = this.#handlers[name] as CommandHandler<N> | undefined;
    if (handler === undefined) {
      this.#logger.error('No handler registered for a contract command', { command: name });
      return err('unavailable', 'This feature is not available yet.');
    }
    try {
      return ok(await handler(...validated.value));
    } catch (error) {
      if (error instanceof ServicesError) {
        this.#logger.debug('Command failed', { command: name, code: error.code, message: error.message });
        return err(error.code, error.message, error.field);
      }
      this.#logger.error('Command handler failed', { command: name, error });
      return err('internal', 'Something went wrong inside Parley.');
    }
  }
}
