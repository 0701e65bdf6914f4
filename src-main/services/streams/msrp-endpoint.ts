import {
  ConnectorDirect,
  MsrpUri,
  RelayConnection,
  generateSessionId,
  getAcceptor,
  getConnector,
  type MsrpConnector,
  type MsrpTransport,
} from '../../msrp';
import { ACTPASS_ANSWER, answerSetup, type SetupOutcome, type SetupRole } from '../../sip/sdp';
import { InvariantError, UnavailableError } from '../errors';
import type { MsrpStreamContext } from './msrp-stream-context';

/**
 * Our end of one MSRP stream's connection, chosen from the account's connection model and the RFC 6135
 * roles (seed: `MSRPStreamBase.initialize`):
 * - relay model, offering: we offer `setup:passive` behind our relay (RelayConnection passive). Our relay is
 *   reachable by everybody and we may not be; RFC 6135 §4.1 allows a passive offer, and an actpass offer would
 *   need the connection role decided after the relay reservation was made.
 * - relay model, answering: active → bind actively through our relay; passive → wait at our relay.
 * - direct model, offering: `setup:actpass` on a listening port (RFC 6135 §4.1); if the answer makes us
 *   active we stop listening and connect from the same URI.
 * - direct model, answering: active → connect (ConnectorDirect); passive → listen (AcceptorDirect).
 */
export class MsrpEndpoint {
  readonly #context: MsrpStreamContext;
  /** The a=setup we write in an offer, or the one the answer will carry. */
  readonly setup: SetupRole;
  #connector: MsrpConnector;
  #localUri: MsrpUri | undefined;
  #path: readonly string[] | undefined;

  private constructor(context: MsrpStreamContext, setup: SetupRole, connector: MsrpConnector) {
    this.#context = context;
    this.setup = setup;
    this.#connector = connector;
  }

  static forOffer(context: MsrpStreamContext): MsrpEndpoint {
    if (context.connectionModel === 'relay') return new MsrpEndpoint(context, 'passive', relayConnector(context, 'passive'));
    return new MsrpEndpoint(context, 'actpass', directAcceptor(context));
  }

  /** For an offered stream with the peer's a=setup; throws UnavailableError for holdconn (nothing to do yet). */
  static forAnswer(context: MsrpStreamContext, offered: SetupRole | undefined): MsrpEndpoint {
    const outcome = answerSetup(offered, ACTPASS_ANSWER[context.connectionModel]);
    if (outcome.connector === 'none') throw new UnavailableError('The peer holds the MSRP connection (a=setup:holdconn).');
    const active = outcome.localSetup === 'active';
    const connector =
      context.connectionModel === 'relay'
        ? relayConnector(context, active ? 'active' : 'passive')
        : active
          ? getConnector(connectOptions(context))
          : directAcceptor(context);
    return new MsrpEndpoint(context, outcome.localSetup, connector);
  }

  /** Our a=path once prepared: relay URIs first, our own URI last (RFC 4976 §5.2). */
  get path(): readonly string[] {
    if (this.#path === undefined) throw new InvariantError('MSRP endpoint used before prepare()');
    return this.#path;
  }

  async prepare(): Promise<readonly string[]> {
    const uri = new MsrpUri({ scheme: this.#context.scheme, host: this.#context.localHost, port: 0, sessionId: generateSessionId() });
    const path = await this.#connector.prepare(uri);
    const own = path[path.length - 1];
    if (own === undefined) throw new InvariantError('the MSRP connector returned an empty path');
    this.#localUri = own;
    this.#path = path.map((item) => item.toString());
    return this.#path;
  }

  /** Connects or waits, per the negotiated roles, and binds the session (RFC 4975 §5.4, RFC 6135 §4). */
  async complete(outcome: SetupOutcome, remotePath: readonly string[]): Promise<MsrpTransport> {
    if (outcome.connector === 'none') throw new UnavailableError('Neither side opens the MSRP connection (a=setup:holdconn).');
    const remote = remotePath.map((item) => MsrpUri.parse(item));
    const wantActive = outcome.connector === 'local';
    // Offered actpass on a listening port and the peer chose passive: connect from the URI we advertised.
    if (this.#context.connectionModel === 'direct' && wantActive && !(this.#connector instanceof ConnectorDirect)) {
      const localUri = this.#localUri;
      if (localUri === undefined) throw new InvariantError('complete() before prepare()');
      this.#connector.cleanup();
      this.#connector = getConnector(connectOptions(this.#context));
      await this.#connector.prepare(localUri);
    }
    if (this.#connector instanceof RelayConnection && (this.#connector.mode === 'active') !== wantActive) {
      throw new InvariantError(`relay connection is ${this.#connector.mode} but the negotiation wants ${wantActive ? 'active' : 'passive'}`);
    }
    return this.#connector.complete(remote);
  }

  cleanup(): void {
    this.#connector.cleanup();
  }
}

function connectOptions(context: MsrpStreamContext) {
  return { logger: context.logger, ...(context.tls !== undefined ? { tls: context.tls } : {}) };
}

function relayConnector(context: MsrpStreamContext, mode: 'active' | 'passive'): MsrpConnector {
  if (context.relay === undefined) throw new UnavailableError('This account uses an MSRP relay but none is configured.');
  return new RelayConnection(context.relay, mode, connectOptions(context));
}

function directAcceptor(context: MsrpStreamContext): MsrpConnector {
  // Listening for msrps needs a certificate of our own, which accounts do not have yet.
  if (context.scheme === 'msrps') {
    throw new UnavailableError('Direct MSRP over TLS needs a certificate: use the relay connection model or MSRP over TCP.');
  }
  return getAcceptor(connectOptions(context));
}
