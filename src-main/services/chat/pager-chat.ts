import type { AccountId } from '../../../src-shared';
import type { Logger } from '../../common';
import {
  CPIM_CONTENT_TYPE,
  ISCOMPOSING_CONTENT_TYPE,
  createImdnMessageId,
  formatCpim,
  formatIsComposing,
  imdnNotificationMessage,
  localDateTime,
  type IsComposing,
} from '../chat-formats';
import { wrapCpim, type ImdnRequestInfo } from '../streams';

/** The outcome of one MESSAGE (RFC 3428 §4: a 2xx means the next hop or the user took it). */
export interface PagerResult {
  readonly ok: boolean;
  readonly code: number;
  readonly reason: string;
}

/** Pager-mode SIP MESSAGE for an account (SipUserAgent.sendMessage behind it). */
export interface PagerPort {
  /** The account's address of record while it runs; undefined when it is disabled or not a SIP account. */
  localIdentity(accountId: AccountId): string | undefined;
  send(accountId: AccountId, target: string, body: string, contentType: string): Promise<PagerResult>;
}

const TEXT_CONTENT_TYPE = 'text/plain;charset=utf-8';

/**
 * What goes out as SIP MESSAGE (RFC 3428): text wrapped in CPIM with an IMDN request for delivery and display
 * (RFC 5438 §6 — the SIP SIMPLE client's pager mode), falling back to bare text/plain for a party that answers
 * 415 to CPIM; is-composing (RFC 3994 §3.1) and IMDN notifications inside CPIM. Remembers per party that it
 * takes no CPIM.
 */
export class PagerChat {
  readonly #port: PagerPort;
  readonly #logger: Logger;
  readonly #cpim: boolean;
  /** Parties (account + key) that answered 415 to CPIM. */
  readonly #plainOnly = new Set<string>();

  constructor(port: PagerPort, logger: Logger, cpim: boolean) {
    this.#port = port;
    this.#logger = logger;
    this.#cpim = cpim;
  }

  localIdentity(accountId: AccountId): string | undefined {
    return this.#port.localIdentity(accountId);
  }

  async sendText(accountId: AccountId, key: string, local: string, remoteUri: string, messageId: string, text: string, time: number): Promise<PagerResult> {
    const party = `${accountId} ${key}`;
    if (this.#cpim && !this.#plainOnly.has(party)) {
      const body = wrapCpim({
        from: { uri: local },
        to: { uri: remoteUri },
        time,
        contentType: TEXT_CONTENT_TYPE,
        body: text,
        imdn: { messageId, notifications: ['positive-delivery', 'display'] },
      });
      const result = await this.#send(accountId, remoteUri, body.toString('utf8'), CPIM_CONTENT_TYPE);
      // RFC 3428 §7 / RFC 3261 §21.4.16: 415 means the party takes no CPIM; say it plainly instead.
      if (result.code !== 415) return result;
      this.#plainOnly.add(party);
    }
    return this.#send(accountId, remoteUri, text, TEXT_CONTENT_TYPE);
  }

  /** RFC 3994 over MESSAGE, wrapped in CPIM (the SipUserAgent accepts text/plain and message/cpim only). */
  sendComposing(accountId: AccountId, key: string, local: string, remoteUri: string, composing: IsComposing): void {
    if (!this.#cpim || this.#plainOnly.has(`${accountId} ${key}`)) return;
    const body = wrapCpim({ from: { uri: local }, to: { uri: remoteUri }, time: Date.now(), contentType: ISCOMPOSING_CONTENT_TYPE, body: formatIsComposing(composing) });
    void this.#send(accountId, remoteUri, body.toString('utf8'), CPIM_CONTENT_TYPE).then((result) => {
      if (!result.ok) this.#logger.debug('is-composing MESSAGE refused', { code: result.code });
    });
  }

  /** An IMDN notification (RFC 5438 §7.1.1.1) by MESSAGE; failures are logged, nothing else depends on them. */
  sendNotification(accountId: AccountId, local: string, remoteUri: string, kind: 'delivered' | 'displayed', request: ImdnRequestInfo): void {
    const common = { messageId: request.messageId, dateTime: request.dateTime, recipientUri: local };
    const body = formatCpim(
      imdnNotificationMessage({
        from: { uri: local },
        to: { uri: remoteUri },
        messageId: createImdnMessageId(),
        dateTime: localDateTime(Date.now()),
        notification: kind === 'delivered' ? { ...common, kind: 'delivery', status: 'delivered' } : { ...common, kind: 'display', status: 'displayed' },
      }),
    );
    void this.#send(accountId, remoteUri, body.toString('utf8'), CPIM_CONTENT_TYPE).then((result) => {
      if (!result.ok) this.#logger.info('IMDN notification MESSAGE failed', { kind, code: result.code, reason: result.reason });
    });
  }

  async #send(accountId: AccountId, target: string, body: string, contentType: string): Promise<PagerResult> {
    try {
      return await this.#port.send(accountId, target, body, contentType);
    } catch (error) {
      return { ok: false, code: 0, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
