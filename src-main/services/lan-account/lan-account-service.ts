import type { Invitation } from 'sip.js';
import type { AccountId, AccountsState, LanAccountView, LanPeerView, LanPeersChangedEvent } from '../../../src-shared';
import { TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import type { MsrpTracer } from '../../msrp';
import { LanPresence, LanSipEndpoint, type IncomingPagerMessage, type MdnsTransport, type MessageDeliveryResult } from '../../sip';
import type { AccountManager } from '../accounts';
import { msrpSessionDescriptionHandlerFactory, type SessionAccount } from '../sessions';
import { SerialQueue } from '../storage/serial-queue';
import { chooseLanAddress, lanUserPart } from './lan-interface-address';
import { lanPeerViews } from './lan-peer-views';

/** Where and how the LAN account reaches the link. Every field is optional; the defaults suit the desktop app. */
export interface LanAccountSettings {
  /** IPv4 address of the interface to listen, advertise and browse on (default: `chooseLanAddress()`). */
  readonly interfaceAddress?: string;
  /** SIP user part of our LAN address (default: the login name, made URI-safe). */
  readonly user?: string;
  /** First gap between mDNS announcements (RFC 6762 §8.3; default 1 s). */
  readonly announceIntervalMs?: number;
  /** SIP over UDP Timer T1 (default 500 ms). */
  readonly t1Ms?: number;
  /** The mDNS socket (default: multicast on the interface). Tests pass an in-memory one. */
  readonly mdnsTransportFactory?: () => Promise<MdnsTransport>;
  /** Which mDNS senders are on our link (default: the interface's subnet). */
  readonly acceptSource?: (address: string) => boolean;
}

export interface LanAccountServiceOptions {
  readonly accounts: AccountManager;
  readonly logger: Logger;
  readonly settings?: LanAccountSettings;
  /** An INVITE reached the LAN account (sip.js has sent 100 Trying). */
  readonly onInvite: (account: SessionAccount, invitation: Invitation) => void;
  /** A pager-mode MESSAGE reached the LAN account (already answered 200, RFC 3428 §7). */
  readonly onIncomingMessage?: (accountId: AccountId, message: IncomingPagerMessage) => void;
  readonly tracers?: { readonly msrp: MsrpTracer };
}

export interface LanAccountEvents {
  [name: string]: unknown;
  peersChanged: LanPeersChangedEvent;
}

interface Running {
  readonly accountId: AccountId;
  readonly endpoint: LanSipEndpoint;
  readonly presence: LanPresence;
  readonly account: SessionAccount;
  displayName: string;
  readonly unsubscribe: readonly (() => void)[];
}

/**
 * The LAN account at work (the seed's BonjourAccount): while it is enabled, a LanSipEndpoint listens on the
 * LAN address (SIP with no registrar or proxy) and a LanPresence advertises it and browses for the others
 * (DNS-SD over mDNS). Discovered peers become contacts (`peers`, `peersChanged`); sessions and pager MESSAGEs
 * run on the endpoint's UserAgent with MSRP in the direct connection model (RFC 6135: nobody to relay).
 * Stopped (with an mDNS goodbye) when the account is disabled and on `stop()`.
 */
export class LanAccountService implements Disposable {
  readonly #options: LanAccountServiceOptions;
  readonly #events = new TypedEmitter<LanAccountEvents>();
  readonly #queue = new SerialQueue();
  readonly #subscription: Disposable;
  #running: Running | undefined;
  #disposed = false;

  constructor(options: LanAccountServiceOptions) {
    this.#options = options;
    this.#subscription = options.accounts.on('changed', (state) => this.#schedule(state));
    this.#schedule(options.accounts.state());
  }

  on<K extends keyof LanAccountEvents>(name: K, listener: Listener<LanAccountEvents[K]>): Disposable {
    return this.#events.on(name, listener);
  }

  /** The running LAN account, for sessions; undefined when it is disabled, not started yet, or another id. */
  account(id: AccountId): SessionAccount | undefined {
    return this.#running?.accountId === id ? this.#running.account : undefined;
  }

  /** Our contact on the link while running. */
  get contact(): string | undefined {
    return this.#running?.endpoint.contact;
  }

  get peers(): LanPeerView[] {
    return this.#running === undefined ? [] : lanPeerViews(this.#running.presence.peers);
  }

  /** Pager mode (RFC 3428) straight to a peer; undefined when `id` is not the running LAN account. */
  sendMessage(id: AccountId, target: string, body: string, contentType: string): Promise<MessageDeliveryResult> | undefined {
    const running = this.#running;
    if (running?.accountId !== id) return undefined;
    return running.endpoint.sendMessage(/^sips?:/i.test(target) ? target : `sip:${target}`, body, contentType);
  }

  /** Resolves when every pending start/stop has finished. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /** Says goodbye on the link and closes every socket. */
  async stop(): Promise<void> {
    if (this.#disposed) return this.#queue.idle();
    this.#disposed = true;
    this.#subscription.dispose();
    await this.#queue.run(() => this.#stopRunning());
    this.#events.dispose();
  }

  dispose(): void {
    void this.stop();
  }

  #schedule(state: AccountsState): void {
    if (this.#disposed) return;
    void this.#queue.run(() => this.#sync(state)).catch((error: unknown) => this.#options.logger.error('LAN account sync failed', { error }));
  }

  async #sync(state: AccountsState): Promise<void> {
    if (this.#disposed) return;
    const lan = state.accounts.find((view): view is LanAccountView => view.kind === 'lan');
    if (lan === undefined || !lan.enabled) {
      await this.#stopRunning();
      return;
    }
    const running = this.#running;
    if (running === undefined) {
      await this.#start(lan);
      return;
    }
    if (running.displayName !== lan.displayName) {
      // A rename is a new DNS-SD instance name (RFC 6763 §4.1.1) and a new From display name; the sockets stay.
      running.displayName = lan.displayName;
      running.endpoint.userAgent.configuration.displayName = lan.displayName;
      await running.presence.update({ displayName: lan.displayName }).catch((error: unknown) => this.#options.logger.warn('The LAN rename was not announced', { error }));
    }
  }

  async #start(lan: LanAccountView): Promise<void> {
    const { logger, settings = {} } = this.#options;
    const address = settings.interfaceAddress ?? chooseLanAddress();
    if (address === undefined) {
      logger.info('The LAN account has no network interface to use; it stays idle');
      return;
    }
    const user = settings.user ?? lanUserPart();
    const lanLogger = logger.child(`lan ${address}`);
    let endpoint: LanSipEndpoint;
    try {
      endpoint = new LanSipEndpoint({ user, displayName: lan.displayName, listenAddress: address, t1Ms: settings.t1Ms, logger: lanLogger });
    } catch (error) {
      lanLogger.warn('The LAN account is misconfigured; it stays idle', { error });
      return;
    }
    const ua = endpoint.userAgent;
    // sip.js takes its session-description handlers from the UserAgent's configuration; ours speaks MSRP.
    ua.configuration.sessionDescriptionHandlerFactory = msrpSessionDescriptionHandlerFactory;
    const aor = `sip:${user}@${address}`;
    const account: SessionAccount = {
      id: lan.id,
      aor,
      userAgent: ua,
      // Nobody to relay on a LAN: the offerer listens (actpass), the answerer connects (RFC 6135).
      connectionModel: 'direct',
      localAddress: () => address,
      streamContext: (remoteIdentity) => ({
        connectionModel: 'direct',
        // Direct MSRP over TLS needs a certificate of our own, which the LAN account does not have.
        scheme: 'msrp',
        relay: undefined,
        localHost: address,
        tls: undefined,
        localIdentity: aor,
        remoteIdentity,
        logger: lanLogger.child('msrp'),
        tracer: this.#options.tracers?.msrp,
      }),
    };
    ua.delegate = { ...ua.delegate, onInvite: (invitation) => this.#options.onInvite(account, invitation) };
    let presence: LanPresence | undefined;
    try {
      await endpoint.start();
      presence = new LanPresence({
        displayName: lan.displayName,
        // The account id is a UUID kept in accounts.json: peers recognise us across restarts and address changes.
        instanceId: lan.id,
        contact: endpoint.contact,
        interfaceAddress: address,
        services: endpoint.services,
        logger: lanLogger,
        ...(settings.announceIntervalMs === undefined ? {} : { announceIntervalMs: settings.announceIntervalMs }),
        ...(settings.mdnsTransportFactory === undefined ? {} : { transportFactory: settings.mdnsTransportFactory }),
        ...(settings.acceptSource === undefined ? {} : { acceptSource: settings.acceptSource }),
      });
      const changed = (): void => this.#emitPeers();
      const unsubscribe = [
        presence.on('peerAppeared', changed),
        presence.on('peerUpdated', changed),
        presence.on('peerDisappeared', changed),
        endpoint.on('incomingMessage', (message) => {
          if (this.#running?.endpoint === endpoint) this.#options.onIncomingMessage?.(lan.id, message);
        }),
      ];
      this.#running = { accountId: lan.id, endpoint, presence, account, displayName: lan.displayName, unsubscribe };
      await presence.start();
      lanLogger.info('LAN account running', { contact: endpoint.contact });
    } catch (error) {
      // A LAN account that cannot listen or join mDNS is useless: log it and stay idle until the next change.
      lanLogger.warn('The LAN account could not start', { error });
      if (this.#running?.endpoint === endpoint) await this.#stopRunning();
      else {
        await presence?.stop().catch(() => undefined);
        await endpoint.stop().catch(() => undefined);
      }
    }
  }

  async #stopRunning(): Promise<void> {
    const running = this.#running;
    if (running === undefined) return;
    this.#running = undefined;
    for (const unsubscribe of running.unsubscribe) unsubscribe();
    const hadPeers = running.presence.peers.length > 0;
    await running.presence.stop().catch((error: unknown) => this.#options.logger.warn('Stopping LAN presence failed', { error }));
    await running.endpoint.stop().catch((error: unknown) => this.#options.logger.warn('Stopping the LAN endpoint failed', { error }));
    if (hadPeers) this.#events.emit('peersChanged', { accountId: running.accountId, peers: [] });
  }

  #emitPeers(): void {
    const running = this.#running;
    if (running === undefined || this.#disposed) return;
    this.#events.emit('peersChanged', { accountId: running.accountId, peers: lanPeerViews(running.presence.peers) });
  }
}
