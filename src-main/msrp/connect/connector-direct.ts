import { MsrpInvariantError } from '../errors';
import type { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport } from '../transport/msrp-transport';
import { DEFAULT_MSRP_PORT, openConnection } from '../transport/open-connection';
import { bindActive } from './bind-session';
import { DEFAULT_BIND_TIMEOUT_MS, defaultLocalUri, type ConnectOptions, type MsrpConnector } from './msrp-connector';

/**
 * The connecting endpoint without a relay (seed `DirectConnector`): connects to the first URI of the
 * peer's path and binds with an empty SEND (RFC 4975 §5.4).
 */
export class ConnectorDirect implements MsrpConnector {
  readonly #options: ConnectOptions;
  #localUri: MsrpUri | undefined;
  #transport: MsrpTransport | undefined;

  constructor(options: ConnectOptions = {}) {
    this.#options = options;
  }

  async prepare(localUri?: MsrpUri): Promise<MsrpUri[]> {
    // The active side does not listen: its port is only a placeholder in a=path (seed: 2855).
    let uri = localUri ?? defaultLocalUri(this.#options.tls === undefined ? 'msrp' : 'msrps');
    if (!uri.port) uri = uri.with({ port: DEFAULT_MSRP_PORT });
    this.#localUri = uri;
    return [uri];
  }

  async complete(remotePath: readonly MsrpUri[]): Promise<MsrpTransport> {
    const localUri = this.#localUri;
    const first = remotePath[0];
    if (localUri === undefined || first === undefined) throw new MsrpInvariantError('complete() needs prepare() and a remote path');
    const socket = await openConnection(first, {
      ...(this.#options.tls !== undefined ? { tls: this.#options.tls } : {}),
      ...(this.#options.connectTimeoutMs !== undefined ? { timeoutMs: this.#options.connectTimeoutMs } : {}),
    });
    const transport = new MsrpTransport(socket, {
      localUri,
      ...(this.#options.logger !== undefined ? { logger: this.#options.logger } : {}),
      ...(this.#options.sessionMatching !== undefined ? { sessionMatching: this.#options.sessionMatching } : {}),
      ...(this.#options.highWaterMark !== undefined ? { highWaterMark: this.#options.highWaterMark } : {}),
    });
    this.#transport = transport;
    try {
      await bindActive(transport, remotePath, this.#options.bindTimeoutMs ?? DEFAULT_BIND_TIMEOUT_MS);
    } catch (error) {
      // close(), not dispose(): a 481 just written must reach the peer first.
      void transport.close();
      throw error;
    } finally {
      this.#transport = undefined;
    }
    return transport;
  }

  cleanup(): void {
    this.#transport?.dispose();
    this.#transport = undefined;
  }
}
