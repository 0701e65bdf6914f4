import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { MsrpConnectionError } from '../errors';
import type { MsrpUri } from '../protocol/msrp-uri';
import { fingerprintMatches, parseFingerprint } from '../transport/open-connection';

/** TLS settings of a listening msrps endpoint (RFC 4975 §14: msrps is TLS with a certificate). */
export interface MsrpTlsServerOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** CAs for client certificates, when they are requested. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Expected client certificate fingerprint (the peer's a=fingerprint, RFC 8122 §5): requests and checks one. */
  readonly fingerprint?: string;
}

/** A listening socket for `uri` (TCP for msrp, TLS for msrps) on its host and port (0: any free port). */
export async function listen(uri: MsrpUri, tls: MsrpTlsServerOptions | undefined, onSocket: (socket: Socket | TLSSocket) => void): Promise<Server> {
  let server: Server;
  if (uri.secure) {
    if (tls === undefined) throw new MsrpConnectionError('msrp-connect-failed', `listening on ${uri.toString()} needs a TLS certificate and key`);
    const pinned = tls.fingerprint === undefined ? undefined : parseFingerprint(tls.fingerprint);
    server = createTlsServer(
      {
        cert: tls.cert,
        key: tls.key,
        ca: tls.ca as string | Buffer | (string | Buffer)[] | undefined,
        requestCert: pinned !== undefined,
        // The pinned fingerprint is what is trusted, not a chain (RFC 8122 §5).
        rejectUnauthorized: false,
      },
      (socket) => {
        if (pinned !== undefined && !fingerprintMatches(socket.getPeerCertificate(), pinned)) {
          socket.destroy();
          return;
        }
        onSocket(socket);
      },
    );
    // A failed handshake is the peer's problem; it must not bring the listener down.
    server.on('tlsClientError', () => undefined);
  } else {
    server = createNetServer(onSocket);
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void =>
      reject(new MsrpConnectionError('msrp-connect-failed', `cannot listen on ${uri.hostPart}:${uri.port ?? 0}: ${error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen(uri.port ?? 0, uri.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', () => undefined);
  return server;
}

export function listeningPort(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}
