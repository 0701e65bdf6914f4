import { ByteRangeHeader } from '../../protocol/headers/byte-range';
import { makeReport, needsReport } from '../../protocol/make-response';
import { generateTransactionId } from '../../protocol/transaction-id';
import type { MsrpTransport } from '../msrp-transport';

/**
 * Test helpers standing in for the session layer: a sender that keeps at most `windowBytes` unacknowledged
 * (paced by Success-Report REPORTs, as a relay without flow control requires) and a receiver that
 * answers, reports and reassembles one message.
 */
export async function sendPaced(
  sender: MsrpTransport,
  data: Buffer,
  options: { readonly chunkSize?: number; readonly windowBytes?: number; readonly contentType?: string } = {},
): Promise<{ chunks: number; reports: number }> {
  const chunkSize = options.chunkSize ?? 8 * 1024;
  const windowBytes = options.windowBytes ?? 3 * chunkSize;
  const messageId = generateTransactionId();
  let acked = 0;
  let reports = 0;
  let wake: (() => void) | undefined;
  let failed: unknown;
  const reader = (async () => {
    while (acked < data.length) {
      const incoming = await sender.readChunk();
      if (incoming === null) throw new Error(`connection closed after ${acked} acknowledged bytes`);
      const chunk = incoming.chunk;
      if (chunk.method === 'REPORT' && chunk.messageId === messageId) {
        const range = chunk.headers.getDecoded(ByteRangeHeader);
        if (range !== undefined && typeof range.end === 'number') acked = Math.max(acked, range.end);
        reports++;
        wake?.();
      } else if (chunk.code !== undefined && chunk.code !== 200) {
        throw new Error(`chunk refused: ${chunk.firstLine}`);
      }
    }
  })().catch((error: unknown) => {
    failed = error;
    wake?.();
  });
  let chunks = 0;
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    while (offset - acked >= windowBytes && failed === undefined) await new Promise<void>((resolve) => (wake = resolve));
    if (failed !== undefined) throw failed;
    const body = data.subarray(offset, Math.min(offset + chunkSize, data.length));
    const chunk = sender.makeChunk({ messageId, body, start: offset + 1, total: data.length, contentType: options.contentType ?? 'application/octet-stream' });
    chunk.headers.set('Success-Report', 'yes');
    await sender.writeChunk(chunk);
    chunks++;
  }
  await reader;
  if (failed !== undefined) throw failed;
  return { chunks, reports };
}

/** Reads one message (all its chunks), answering 200 and sending the REPORTs asked for. */
export async function receiveMessage(receiver: MsrpTransport): Promise<{ body: Buffer; chunks: number; contentType: string | undefined }> {
  const parts: Buffer[] = [];
  let chunks = 0;
  for (;;) {
    const incoming = await receiver.readChunk();
    if (incoming === null) throw new Error('connection closed before the message ended');
    const chunk = incoming.chunk;
    if (chunk.method !== 'SEND') continue;
    if (chunk.body.length === 0 && !chunk.hasContent) {
      await receiver.writeResponse(chunk, 200);
      continue;
    }
    parts.push(chunk.body);
    chunks++;
    await receiver.writeResponse(chunk, 200);
    if (needsReport(chunk, 200)) await receiver.writeChunk(makeReport(chunk, 200, { ...(receiver.localUri ? { localUri: receiver.localUri } : {}) }));
    if (chunk.continuation === '$') return { body: Buffer.concat(parts), chunks, contentType: chunk.contentType };
  }
}
