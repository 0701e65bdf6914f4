import type { MsrpRelaySettings } from '../relay/relay-auth';
import { AcceptorDirect } from './acceptor-direct';
import { ConnectorDirect } from './connector-direct';
import type { MsrpConnector } from './msrp-connector';
import type { MsrpServer } from './msrp-server';
import { RelayConnection, type RelayConnectionOptions } from './relay-connection';

export interface GetConnectorOptions extends RelayConnectionOptions {
  /** Go through this relay (RFC 4976); direct otherwise. */
  readonly relay?: MsrpRelaySettings;
}

export interface GetAcceptorOptions extends GetConnectorOptions {
  /** Share this server's listening port instead of opening one per session. */
  readonly server?: MsrpServer;
}

/**
 * The endpoint that opens the connection (RFC 6135 active, or RFC 4975 §5.4 offerer): through its relay,
 * where it binds actively, or directly (seed `get_connector`).
 */
export function getConnector(options: GetConnectorOptions = {}): MsrpConnector {
  const { relay, ...rest } = options;
  return relay !== undefined ? new RelayConnection(relay, 'active', rest) : new ConnectorDirect(rest);
}

/**
 * The endpoint that waits for the connection (RFC 6135 passive): reachable through its relay, on a shared
 * `MsrpServer` port, or on a port of its own (seed `get_acceptor`).
 */
export function getAcceptor(options: GetAcceptorOptions = {}): MsrpConnector {
  const { relay, server, ...rest } = options;
  if (relay !== undefined) return new RelayConnection(relay, 'passive', rest);
  if (server !== undefined) return server.acceptor();
  return new AcceptorDirect(rest);
}
