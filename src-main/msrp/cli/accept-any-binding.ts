import { MsrpConnectionError, MsrpError } from '../errors';
import { pathEquals } from '../protocol/msrp-path';
import type { MsrpTransport } from '../transport/msrp-transport';
import { admitBindingRequest, readBindingRequest, withTimeout } from '../connect/bind-session';

/**
 * The passive binding (RFC 4975 §5.4) without knowing the peer's path in advance (`--remote-path any`):
 * the first chunk must be a SEND addressed to our URI (the transport already answers 481 otherwise,
 * §7.3.1); its From-Path becomes the remote path. A first SEND with content is put back for the session.
 */
export async function acceptAnyBinding(transport: MsrpTransport, timeoutMs: number): Promise<void> {
  const first = await withTimeout(readBindingRequest(transport), timeoutMs, 'no binding SEND');
  if (first === null) throw new MsrpConnectionError('msrp-connection-lost', 'connection closed before the session was bound');
  const chunk = first.chunk;
  const localUri = transport.localUri;
  const fromPath = chunk.method === 'SEND' ? chunk.fromPath : undefined;
  const toPath = chunk.toPath;
  if (fromPath === undefined || toPath === undefined || localUri === undefined || !pathEquals(toPath, [localUri])) {
    await transport.writeResponse(chunk, chunk.method === 'SEND' ? 481 : 400);
    throw new MsrpError('msrp-no-such-session', `${chunk.firstLine} does not bind this session`, { status: 481 });
  }
  transport.setFullRemotePath(fromPath);
  await admitBindingRequest(transport, first);
}
