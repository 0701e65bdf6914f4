import type { Disposable } from '../../common';
import type { MsrpTransport } from '../transport/msrp-transport';
import { socketLabel } from '../transport/socket-label';
import type { MsrpTracer } from './msrp-tracer';

/**
 * Feeds a transport's own `trace` events (chunk heads in and out) into `tracer` as `log` events at debug
 * level, until disposed: a one-line-per-chunk log. For every frame with its body pieces, give the
 * transport the tracer itself (`MsrpTransportOptions.tracer`, `setTracer`).
 */
export function traceTransport(transport: MsrpTransport, tracer: MsrpTracer, connection: string): Disposable {
  return transport.on('trace', (event) => {
    if (!tracer.enabled) return;
    tracer.debug(connection, `${event.direction === 'in' ? 'received' : 'sent'} ${event.firstLine}`, {
      transactionId: event.transactionId,
      ...(event.direction === 'out' ? { bodyBytes: event.bodyBytes, flag: event.flag } : {}),
    });
  });
}

/** A short label for a connection in traces: `local -> remote` socket addresses. */
export function connectionLabel(transport: MsrpTransport): string {
  return socketLabel(transport.socket);
}
