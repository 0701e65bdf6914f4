import { type Message, Messager, type URI, type UserAgent } from 'sip.js';
import type { SipLogger } from './sip-logger';

/** Outcome of a pager-mode MESSAGE (RFC 3428 §4: any 2xx means delivered to the next hop or the user). */
export type MessageDeliveryResult =
  | { readonly ok: true; readonly code: number; readonly reason: string }
  | { readonly ok: false; readonly code: number; readonly reason: string };

/** A MESSAGE received outside any session (RFC 3428 §7). */
export interface IncomingPagerMessage {
  readonly from: string;
  readonly fromDisplayName: string | undefined;
  readonly to: string;
  /** Media type without parameters, lower case (e.g. `text/plain`, `message/cpim`). */
  readonly contentType: string;
  /** The full Content-Type header value, parameters (charset …) included. */
  readonly contentTypeHeader: string;
  readonly body: string;
  readonly callId: string;
  readonly receivedAt: number;
}

export const DEFAULT_PAGER_CONTENT_TYPES: readonly string[] = ['text/plain', 'message/cpim'];

export async function sendPagerMessage(
  userAgent: UserAgent,
  target: URI,
  body: string,
  contentType: string,
): Promise<MessageDeliveryResult> {
  return new Promise<MessageDeliveryResult>((resolve) => {
    const messager = new Messager(userAgent, target, body, contentType);
    // sip.js reports a transaction timeout as 408 and a transport error as 503 (RFC 3261 §8.1.3.1).
    const settle = (response: { message: { statusCode?: number; reasonPhrase?: string } }, ok: boolean): void =>
      resolve({ ok, code: response.message.statusCode ?? 0, reason: response.message.reasonPhrase ?? '' } as MessageDeliveryResult);
    messager
      .message({
        requestDelegate: {
          onAccept: (response) => settle(response, true),
          onReject: (response) => settle(response, false),
          onRedirect: (response) => settle(response, false),
        },
      })
      .catch((error: unknown) => resolve({ ok: false, code: 0, reason: String(error) }));
  });
}

/**
 * Answers an incoming MESSAGE: 200 and the typed event for a supported type; 415 with an Accept header
 * otherwise (RFC 3428 §7, RFC 3261 §21.4.16). Returns the message when it was accepted.
 */
export async function receivePagerMessage(
  message: Message,
  acceptedTypes: readonly string[],
  logger: SipLogger,
  now: () => number = Date.now,
): Promise<IncomingPagerMessage | undefined> {
  const request = message.request;
  const contentTypeHeader = request.getHeader('content-type') ?? '';
  const contentType = (contentTypeHeader.split(';')[0] ?? '').trim().toLowerCase();
  if (!acceptedTypes.includes(contentType)) {
    logger.info(`MESSAGE with unsupported type "${contentType}" answered 415`);
    await message.reject({ statusCode: 415, extraHeaders: [`Accept: ${acceptedTypes.join(', ')}`] }).catch(() => undefined);
    return undefined;
  }
  await message.accept({ statusCode: 200 }).catch((error: unknown) => logger.warn(`could not answer MESSAGE: ${String(error)}`));
  return {
    from: request.from.uri.toString(),
    fromDisplayName: request.from.displayName || undefined,
    to: request.to.uri.toString(),
    contentType,
    contentTypeHeader,
    body: request.body,
    callId: request.callId,
    receivedAt: now(),
  };
}
