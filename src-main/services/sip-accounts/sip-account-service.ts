import type { Invitation } from 'sip.js';
import type { AccountId, AccountsState, SipAccountView } from '../../../src-shared';
import { type Disposable, type Logger } from '../../common';
import type { MsrpTracer } from '../../msrp';
import { SipUserAgent, type IncomingPagerMessage, type SipTracer } from '../../sip';
import type { AccountManager } from '../accounts';
import type { SecretStore } from '../secrets';
import { msrpSessionDescriptionHandlerFactory, type SessionAccount } from '../sessions';
import { SerialQueue } from '../storage/serial-queue';
import { registrationView } from './registration-view';
import { msrpRelaySettings, msrpScheme, msrpTlsOptions, sipAccountConfig } from './sip-account-config';

export interface SipAccountServiceOptions {
  readonly accounts: AccountManager;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  /** An INVITE reached one of the accounts (sip.js has sent 100 Trying). */
  readonly onInvite: (account: SessionAccount, invitation: Invitation) => void;
  /** A pager-mode MESSAGE reached one of the accounts (already answered 200, RFC 3428 §7). */
  readonly onIncomingMessage?: (accountId: AccountId, message: IncomingPagerMessage) => void;
  /** The debug console's tracers: every account's SIP messages and its streams' MSRP frames. */
  readonly tracers?: { readonly sip: SipTracer; readonly msrp: MsrpTracer };
}

interface Running {
  /** Settings and password as started: a change restarts the user agent. */
  readonly fingerprint: string;
  readonly agent: SipUserAgent;
  readonly account: SessionAccount;
  readonly unsubscribe: () => void;
  readonly unsubscribeMessages: () => void;
}

const PASSWORD_KEY = (id: AccountId) => `account:${id}:password`;

/**
 * Runs one SipUserAgent per enabled SIP account (the seed's Account.start/stop): started from the account's
 * settings and password, restarted when they change, stopped (un-REGISTER) when the account is disabled or
 * removed. Registration state goes back to the AccountManager, and from there to `accounts.changed`.
 */
export class SipAccountService implements Disposable {
  readonly #options: SipAccountServiceOptions;
  readonly #running = new Map<AccountId, Running>();
  readonly #queue = new SerialQueue();
  readonly #subscription: Disposable;
  #disposed = false;

  constructor(options: SipAccountServiceOptions) {
    this.#options = options;
    this.#subscription = options.accounts.on('changed', (state) => this.#schedule(state));
    this.#schedule(options.accounts.state());
  }

  /** The running account, for sessions; undefined when it is disabled, unknown or not started yet. */
  account(id: AccountId): SessionAccount | undefined {
    return this.#running.get(id)?.account;
  }

  /** The running account's SIP user agent (pager-mode MESSAGE); undefined when it is not running. */
  userAgent(id: AccountId): SipUserAgent | undefined {
    return this.#running.get(id)?.agent;
  }

  /** Resolves when every pending start/stop has finished. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /** Un-registers every account and releases the user agents. */
  async stop(): Promise<void> {
    if (this.#disposed) return this.#queue.idle();
    this.#disposed = true;
    this.#subscription.dispose();
    await this.#queue.run(async () => {
      await Promise.all([...this.#running.keys()].map((id) => this.#stopOne(id)));
    });
  }

  dispose(): void {
    void this.stop();
  }

  #schedule(state: AccountsState): void {
    if (this.#disposed) return;
    void this.#queue.run(() => this.#sync(state)).catch((error: unknown) => this.#options.logger.error('Account sync failed', { error }));
  }

  async #sync(state: AccountsState): Promise<void> {
    if (this.#disposed) return;
    const wanted = new Map<AccountId, SipAccountView>();
    for (const view of state.accounts) if (view.kind === 'sip' && view.enabled) wanted.set(view.id, view);
    for (const id of [...this.#running.keys()]) if (!wanted.has(id)) await this.#stopOne(id);
    for (const view of wanted.values()) {
      const password = (await this.#options.secrets.get(PASSWORD_KEY(view.id)).catch(() => null)) ?? '';
      // Registration state is ours to change: it must not restart the agent it came from.
      const fingerprint = JSON.stringify([view.settings, password]);
      const running = this.#running.get(view.id);
      if (running?.fingerprint === fingerprint) continue;
      if (running !== undefined) await this.#stopOne(view.id);
      if (this.#disposed) return;
      await this.#startOne(view, password, fingerprint);
    }
  }

  async #startOne(view: SipAccountView, password: string, fingerprint: string): Promise<void> {
    const logger = this.#options.logger.child(`sip ${view.settings.address}`);
    let agent: SipUserAgent;
    try {
      const tracers = this.#options.tracers;
      const config = sipAccountConfig(view, password, logger);
      agent = new SipUserAgent(tracers === undefined ? config : { ...config, trace: { tracer: tracers.sip, label: view.id } });
    } catch (error) {
      logger.warn('The SIP account could not be set up', { error });
      this.#options.accounts.setRegistrationState(view.id, { state: 'failed', code: 0, reason: describe(error) });
      return;
    }
    const ua = agent.userAgent;
    // sip.js takes its session-description handlers from the UserAgent's configuration; ours speaks MSRP.
    ua.configuration.sessionDescriptionHandlerFactory = msrpSessionDescriptionHandlerFactory;
    const account: SessionAccount = {
      id: view.id,
      aor: `sip:${view.settings.address}`,
      userAgent: ua,
      connectionModel: view.settings.msrpConnectionModel,
      // The Contact host is our SIP flow's local address once connected (fixed up by SipUserAgent).
      localAddress: () => ua.contact.uri.host,
      streamContext: (remoteIdentity) => ({
        connectionModel: view.settings.msrpConnectionModel,
        scheme: msrpScheme(view),
        relay: view.settings.msrpConnectionModel === 'relay' ? msrpRelaySettings(view, password) : undefined,
        localHost: ua.contact.uri.host,
        tls: msrpTlsOptions(view),
        localIdentity: `sip:${view.settings.address}`,
        remoteIdentity,
        logger: logger.child('msrp'),
        tracer: this.#options.tracers?.msrp,
      }),
    };
    ua.delegate = { ...ua.delegate, onInvite: (invitation) => this.#options.onInvite(account, invitation) };
    const unsubscribe = agent.on('registrationStateChange', (state) => {
      if (this.#running.get(view.id)?.agent === agent) this.#options.accounts.setRegistrationState(view.id, registrationView(state));
    });
    const unsubscribeMessages = agent.on('incomingMessage', (message) => {
      if (this.#running.get(view.id)?.agent === agent) this.#options.onIncomingMessage?.(view.id, message);
    });
    this.#running.set(view.id, { fingerprint, agent, account, unsubscribe, unsubscribeMessages });
    this.#options.accounts.setRegistrationState(view.id, registrationView(agent.registrationState));
    await agent.start();
  }

  async #stopOne(id: AccountId): Promise<void> {
    const running = this.#running.get(id);
    if (running === undefined) return;
    this.#running.delete(id);
    running.unsubscribe();
    running.unsubscribeMessages();
    await running.agent.stop().catch((error: unknown) => this.#options.logger.warn('Stopping a SIP account failed', { error }));
    if (!this.#disposed) this.#options.accounts.setRegistrationState(id, { state: 'disabled' });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
