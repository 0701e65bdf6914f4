import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountDraft, CommandArgs, CommandName, CommandResult, EventEnvelope, EventName, Events } from '../../src-shared';
import { createLogger, createStreamSink } from '../../src-main/common';
import { createParleyCore, type ParleyCore, type ParleyCoreOptions } from '../../src-main/services';

/** The core settings a test may vary. */
export type HeadlessCoreOptions = Pick<ParleyCoreOptions, 'desktopSharing'>;

/**
 * A second (third …) Parley core for integration tests: the real core, in this process, on a throwaway
 * profile, with its SIP accounts running. Tests drive it only through its IPC surface (`invoke`, events),
 * exactly as a window would. PARLEY_TEST_LOG=debug shows its log on stderr.
 */
export class HeadlessCore {
  readonly #events: EventEnvelope[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #unsubscribe: () => void;

  private constructor(
    readonly name: string,
    readonly profileDir: string,
    readonly core: ParleyCore,
  ) {
    this.#unsubscribe = core.ipc.subscribe((event) => {
      this.#events.push(event);
      for (const waiter of [...this.#waiters]) waiter();
    });
  }

  /** A core on a fresh throwaway profile. `options`: core settings a test varies (e.g. which display desktop sharing shares). */
  static async start(name: string, options: HeadlessCoreOptions = {}): Promise<HeadlessCore> {
    return HeadlessCore.startOnProfile(name, await mkdtemp(join(tmpdir(), `parley-core-${name}-`)), options);
  }

  /**
   * A core on a profile folder that already exists: a restart on the profile a stopped core (`core.dispose()`)
   * left behind, perhaps edited by the test meanwhile. dispose() removes the folder, as for a fresh profile.
   */
  static async startOnProfile(name: string, profileDir: string, options: HeadlessCoreOptions = {}): Promise<HeadlessCore> {
    const level = process.env['PARLEY_TEST_LOG'];
    const logger = createLogger({
      level: level === 'trace' || level === 'debug' || level === 'info' || level === 'warn' ? level : 'silent',
      sinks: [createStreamSink(process.stderr)],
      scope: name,
    });
    const core = await createParleyCore({ ...options, profileDir, adapter: 'web', version: '0.0.0-test', logger, runSipAccounts: true });
    return new HeadlessCore(name, profileDir, core);
  }

  /** Every event so far, oldest first. */
  events<N extends EventName>(name: N): Events[N][] {
    return this.#events.filter((event) => event.name === name).map((event) => event.payload as Events[N]);
  }

  /** Invokes a command; throws with the error code and message when it fails. */
  async invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<CommandResult<N>> {
    const result = await this.core.ipc.invoke(name, args);
    if (!result.ok) throw new Error(`${this.name}: ${name} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as CommandResult<N>;
  }

  /** The raw result, for tests of refusals. */
  invokeRaw<N extends CommandName>(name: N, ...args: CommandArgs<N>) {
    return this.core.ipc.invoke(name, args);
  }

  /** Resolves with the first event (past or future) of `name` that satisfies `predicate`. */
  waitFor<N extends EventName>(name: N, predicate: (payload: Events[N]) => boolean, what: string, timeoutMs = 20_000): Promise<Events[N]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events(name).find(predicate);
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      const waiter = () => void check();
      this.#waiters.add(waiter);
      check();
    });
  }

  async dispose(): Promise<void> {
    await this.core.dispose();
    this.#unsubscribe();
    this.#waiters.clear();
    await rm(this.profileDir, { recursive: true, force: true });
  }
}

export interface LoopbackAccountOptions {
  readonly user: string;
  readonly password: string;
  readonly sipPort: number;
  /** The MSRP relay on 127.0.0.1 (plain TCP); absent: direct MSRP connections (RFC 6135). */
  readonly relayPort?: number;
  /** The SIP domain of the test users (the proxy's `domain`); default DEFAULT_TEST_DOMAIN. */
  readonly domain?: string;
}

/**
 * Not 127.0.0.1: Kamailio treats a domain alias without a port as "myself" on every port, so in-dialog
 * requests to a Contact on 127.0.0.1 would look strict-routed to it and be refused.
 */
export const DEFAULT_TEST_DOMAIN = 'parley.test';

/** An account draft for a test user of the loopback Kamailio: TCP to the proxy (the only host resolved), MSRP over TCP. */
export function loopbackAccountDraft(options: LoopbackAccountOptions): AccountDraft {
  return {
    address: `${options.user}@${options.domain ?? DEFAULT_TEST_DOMAIN}`,
    displayName: options.user[0]?.toUpperCase() + options.user.slice(1),
    authUsername: '',
    password: options.password,
    outboundProxy: { host: '127.0.0.1', port: options.sipPort, transport: 'tcp' },
    registration: { enabled: true, expires: 300 },
    msrpRelay:
      options.relayPort === undefined
        ? { mode: 'auto' }
        : { mode: 'manual', host: '127.0.0.1', port: options.relayPort, transport: 'tcp', username: '' },
    msrpTransport: 'tcp',
    msrpConnectionModel: options.relayPort === undefined ? 'direct' : 'relay',
    tls: { verifyServer: true, caFile: '' },
  };
}
