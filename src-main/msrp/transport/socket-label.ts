import type { Socket } from 'node:net';

/** A short label for a connection in traces: `local -> remote` socket addresses. */
export function socketLabel(socket: Socket): string {
  return `${socket.localAddress ?? '?'}:${socket.localPort ?? '?'}->${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
}
