import type { AccountDraft, AccountId } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, HeadlessCore, loopbackAccountDraft, type HeadlessCoreOptions } from '../peers/headless-core';
import { startKamailio, type KamailioHandle } from '../peers/kamailio';
import { kamailioMsrpRelayConfig } from '../peers/kamailio-msrp-relay';
import { startKamailioSipProxy, type KamailioSipProxy } from '../peers/kamailio-sip-proxy';
import { freeTcpPort } from '../peers/ports';

export interface TwoCoresOptions {
  /** The cores are named `alice-<tag>` and `bob-<tag>` (log scope, profile folder); without a tag `alice` and `bob`. */
  readonly tag?: string;
  /** Run Kamailio's MSRP relay (RFC 4976, digest AUTH) under this name, and have both accounts use it; absent: direct MSRP (RFC 6135). */
  readonly relay?: string;
  readonly alice?: HeadlessCoreOptions;
  readonly bob?: HeadlessCoreOptions;
}

/**
 * Two Parley cores, Alice and Bob, each with a SIP account registered at a loopback Kamailio (registrar and
 * proxy for DEFAULT_TEST_DOMAIN, digest auth), and optionally Kamailio's MSRP relay. Every account names the
 * proxy (and relay) as 127.0.0.1 and a port (loopbackAccountDraft): nothing resolves a DNS name.
 * One dispose() ends whatever was started, also after a start that failed half-way.
 */
export class TwoCores {
  #relay: KamailioHandle | undefined;
  #alice: HeadlessCore | undefined;
  #bob: HeadlessCore | undefined;
  #aliceAccount: AccountId | undefined;
  #bobAccount: AccountId | undefined;

  private constructor(
    private readonly options: TwoCoresOptions,
    readonly proxy: KamailioSipProxy,
    /** The relay's port; undefined without a relay. */
    readonly relayPort: number | undefined,
  ) {}

  static async start(options: TwoCoresOptions = {}): Promise<TwoCores> {
    const sipPort = await freeTcpPort();
    const relayPort = options.relay === undefined ? undefined : await freeTcpPort();
    const peers = new TwoCores(options, await startKamailioSipProxy({ port: sipPort, domain: DEFAULT_TEST_DOMAIN }), relayPort);
    try {
      await peers.startRelay();
      const [alice, bob] = await Promise.allSettled([peers.#startCore('alice', options.alice), peers.#startCore('bob', options.bob)]);
      peers.#alice = alice.status === 'fulfilled' ? alice.value : undefined;
      peers.#bob = bob.status === 'fulfilled' ? bob.value : undefined;
      for (const started of [alice, bob]) if (started.status === 'rejected') throw started.reason;
      peers.#aliceAccount = (await peers.alice.invoke('accounts.add', peers.#draft('alice', 'alice-secret'))).id;
      peers.#bobAccount = (await peers.bob.invoke('accounts.add', peers.#draft('bob', 'bob-secret'))).id;
      await Promise.all([registered(peers.alice, peers.aliceAccount), registered(peers.bob, peers.bobAccount)]);
      return peers;
    } catch (error) {
      await peers.dispose();
      throw error;
    }
  }

  get alice(): HeadlessCore {
    return started(this.#alice, 'Alice’s core');
  }

  get bob(): HeadlessCore {
    return started(this.#bob, 'Bob’s core');
  }

  get aliceAccount(): AccountId {
    return started(this.#aliceAccount, 'Alice’s account');
  }

  get bobAccount(): AccountId {
    return started(this.#bobAccount, 'Bob’s account');
  }

  /** Starts the MSRP relay (again, after stopRelay) on the same port; nothing without a relay. */
  async startRelay(): Promise<void> {
    const { relay: name } = this.options;
    if (name === undefined || this.relayPort === undefined || this.#relay !== undefined) return;
    const config = kamailioMsrpRelayConfig({ tcpPort: this.relayPort, digest: true });
    this.#relay = await startKamailio({ name, config, waitForTcpPorts: [this.relayPort] });
  }

  /** Stops the MSRP relay: every MSRP connection through it drops. */
  async stopRelay(): Promise<void> {
    const relay = this.#relay;
    this.#relay = undefined;
    await relay?.stop();
  }

  /**
   * Stops Bob's core, lets `whileStopped` change his profile folder, starts a new core on it (same name, same
   * account) and waits until that account registered again. Returns the new core (also `bob` from now on).
   */
  async restartBob(whileStopped: (profileDir: string) => Promise<void>): Promise<HeadlessCore> {
    const { profileDir, name } = this.bob;
    await this.bob.core.dispose();
    await whileStopped(profileDir);
    this.#bob = await HeadlessCore.startOnProfile(name, profileDir, this.options.bob);
    await registered(this.#bob, this.bobAccount);
    return this.#bob;
  }

  /** Both cores first (their BYEs and un-REGISTERs still reach Kamailio), then the proxy and the relay. */
  async dispose(): Promise<void> {
    await Promise.all([this.#alice?.dispose(), this.#bob?.dispose()]);
    await Promise.all([this.proxy.stop(), this.stopRelay()]);
  }

  #startCore(user: 'alice' | 'bob', options: HeadlessCoreOptions | undefined): Promise<HeadlessCore> {
    return HeadlessCore.start(this.options.tag === undefined ? user : `${user}-${this.options.tag}`, options);
  }

  #draft(user: string, password: string): AccountDraft {
    return loopbackAccountDraft({ user, password, sipPort: this.proxy.port, relayPort: this.relayPort });
  }
}

/** Resolves once the account shows as registered in an accounts.changed event (past or future). */
export async function registered(core: HeadlessCore, id: AccountId): Promise<void> {
  await core.waitFor(
    'accounts.changed',
    (state) => state.accounts.some((account) => account.id === id && account.kind === 'sip' && account.registration.state === 'registered'),
    'registration',
  );
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`TwoCores: ${what} is not started`);
  return value;
}
