import { randomInt } from 'node:crypto';
import type { BodyAndContentType, SessionDescriptionHandler } from 'sip.js';
import type { Logger } from '../../common';
import {
  acceptanceOf,
  applyMsrpAnswer,
  buildMsrpAnswer,
  buildMsrpOffer,
  classifyOffer,
  localStreamDescription,
  nextSessionVersion,
  parseSessionDescription,
  SdpError,
  serializeSessionDescription,
  writeMsrpMedia,
  type AcceptableOfferedStream,
  type AcceptedStream,
  type LocalOrigin,
  type MediaSection,
  type NegotiatedStream,
  type SessionDescription,
  type SetupRole,
  type StreamDecision,
} from '../../sip/sdp';
import { InvariantError } from '../errors';
import type { MsrpStreamBase } from '../streams';

const SDP = 'application/sdp';

/** What the session decides while the handler negotiates. */
export interface SdhDelegate {
  /**
   * A remote offer (the initial INVITE or a re-INVITE) brings new streams: return the streams that take
   * them, initialized for answering, keyed by m-line index. Streams left out are refused with port 0.
   */
  prepareOfferedStreams(offered: readonly AcceptableOfferedStream[]): Promise<ReadonlyMap<number, MsrpStreamBase>>;
  /** An offer/answer exchange completed (either direction) or was rolled back. */
  onNegotiated(outcome: NegotiationOutcome): void;
  /**
   * The answer to our offer cannot be used (RFC 3264 §6): sip.js ACKs it and ends the dialog with BYE; this says
   * why, with the status that describes it (400 unreadable, 488 unusable).
   */
  onAnswerRefused(status: number, reason: string): void;
}

export interface NegotiationOutcome {
  /** 'answered': our offer got its answer; 'answering': we answered the peer's offer; 'rolled-back': no change. */
  readonly kind: 'answered' | 'answering' | 'rolled-back';
  readonly added: readonly MsrpStreamBase[];
  readonly refused: readonly { readonly stream: MsrpStreamBase; readonly reason: string }[];
  readonly removed: readonly MsrpStreamBase[];
  /** Rolled back: new streams that were offered or prepared and are not part of the session. */
  readonly withdrawn?: readonly MsrpStreamBase[];
}

/** One m-line of the session, in order (RFC 3264 §8: m-lines are never deleted, only set to port 0). */
interface Slot {
  readonly stream: MsrpStreamBase | undefined;
  /** Our side's resolved a=setup, for re-offers of a running stream. */
  readonly localSetup: SetupRole | undefined;
  /** Our last m-line for it, so a removed stream can be re-offered with port 0 and the same media/proto. */
  readonly section: MediaSection;
}

interface PendingOffer {
  readonly description: SessionDescription;
  /** Per m-line of the offer: the stream it carries (undefined for port 0) and whether it is new. */
  readonly planned: readonly { readonly stream: MsrpStreamBase | undefined; readonly isNew: boolean }[];
}

interface PendingAnswer {
  readonly offer: SessionDescription;
  readonly streams: ReadonlyMap<number, { readonly stream: MsrpStreamBase; readonly isNew: boolean; readonly actpassAnswer?: 'active' | 'passive' }>;
}

export interface MsrpSdhOptions {
  readonly delegate: SdhDelegate;
  readonly connectionModel: 'relay' | 'direct';
  /** The o= and session c= address (our SIP flow's local address). */
  readonly localAddress: string;
  readonly logger: Logger;
}

/**
 * sip.js's SessionDescriptionHandler for MSRP sessions (the seed's SDP negotiation in Session, moved to
 * where sip.js asks for it). It owns the m-line table: offers carry every stream in use plus those planned,
 * with port 0 for removed ones (RFC 3264 §8.1-§8.2); answers accept what the session prepared and refuse
 * the rest with port 0 (RFC 3264 §6). Streams start once their answer is known, without holding up the
 * SIP exchange (sip.js awaits this handler before sending 200/ACK).
 */
export class MsrpSessionDescriptionHandler implements SessionDescriptionHandler {
  readonly #options: MsrpSdhOptions;
  #origin: LocalOrigin;
  #slots: Slot[] = [];
  #plan: { readonly add: readonly MsrpStreamBase[]; readonly remove: ReadonlySet<MsrpStreamBase> } | undefined;
  #pendingOffer: PendingOffer | undefined;
  #pendingAnswer: PendingAnswer | undefined;
  #closed = false;

  constructor(options: MsrpSdhOptions) {
    this.#options = options;
    // RFC 8866 §5.2: the session id is numeric and unique; the version increases with every change (RFC 3264 §8).
    this.#origin = { sessionId: String(randomInt(1, 2 ** 47)), sessionVersion: '0', address: options.localAddress };
  }

  /** The streams of the current m-lines, in order. */
  get streams(): MsrpStreamBase[] {
    return this.#slots.flatMap((slot) => (slot.stream === undefined ? [] : [slot.stream]));
  }

  /** Streams offered but not yet answered (ours) or being prepared (theirs). */
  get pendingStreams(): MsrpStreamBase[] {
    const fromOffer = this.#pendingOffer?.planned.filter((item) => item.isNew).map((item) => item.stream) ?? [];
    const fromAnswer = [...(this.#pendingAnswer?.streams.values() ?? [])].filter((item) => item.isNew).map((item) => item.stream);
    return [...fromOffer, ...fromAnswer, ...(this.#plan?.add ?? [])].filter((stream): stream is MsrpStreamBase => stream !== undefined);
  }

  /** What our next offer changes: streams to add (initialized for offering) and streams to remove. */
  planOffer(add: readonly MsrpStreamBase[], remove: readonly MsrpStreamBase[] = []): void {
    if (this.#pendingOffer !== undefined || this.#plan !== undefined) throw new InvariantError('an offer is already planned');
    this.#plan = { add, remove: new Set(remove) };
  }

  /** Drops a plan that never turned into an offer (the re-INVITE could not be sent). */
  dropPlan(): MsrpStreamBase[] {
    const added = [...(this.#plan?.add ?? [])];
    this.#plan = undefined;
    return added;
  }

  hasDescription(contentType: string): boolean {
    return contentType.toLowerCase().split(';')[0]?.trim() === SDP;
  }

  async getDescription(): Promise<BodyAndContentType> {
    this.#assertOpen();
    const description = this.#pendingAnswer !== undefined ? this.#answer(this.#pendingAnswer) : this.#offer();
    return { body: serializeSessionDescription(description), contentType: SDP };
  }

  async setDescription(sdp: string): Promise<void> {
    this.#assertOpen();
    const pendingOffer = this.#pendingOffer;
    if (pendingOffer === undefined) {
      await this.#takeOffer(parseSessionDescription(sdp));
      return;
    }
    try {
      this.#applyAnswer(pendingOffer, parseSessionDescription(sdp));
    } catch (error) {
      this.#pendingOffer = undefined;
      const status = error instanceof SdpError ? error.status : 488;
      this.#options.delegate.onAnswerRefused(status, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /**
   * The offer/answer failed (a non-2xx to our re-INVITE, a refused offer of the peer): nothing changes.
   * New streams are handed back as `withdrawn`: the session retries them (after 491) or refuses them.
   */
  async rollbackDescription(): Promise<void> {
    const withdrawn = [
      ...(this.#pendingOffer?.planned ?? []).filter((item) => item.isNew).map((item) => item.stream),
      ...[...(this.#pendingAnswer?.streams.values() ?? [])].filter((item) => item.isNew).map((item) => item.stream),
    ].filter((stream): stream is MsrpStreamBase => stream !== undefined);
    this.#pendingOffer = undefined;
    this.#pendingAnswer = undefined;
    this.#options.delegate.onNegotiated({ kind: 'rolled-back', added: [], refused: [], removed: [], withdrawn });
  }

  sendDtmf(): boolean {
    // MSRP sessions carry no RTP (RFC 4733 does not apply).
    return false;
  }

  /** sip.js calls this when its session is disposed: every stream ends. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const all = new Set([...this.streams, ...this.pendingStreams]);
    this.#slots = [];
    this.#plan = undefined;
    this.#pendingOffer = undefined;
    this.#pendingAnswer = undefined;
    for (const stream of all) void stream.end();
  }

  // ---- offers ----

  #offer(): SessionDescription {
    const plan = this.#plan ?? { add: [], remove: new Set<MsrpStreamBase>() };
    this.#plan = undefined;
    const planned: { stream: MsrpStreamBase | undefined; isNew: boolean }[] = [];
    const media: MediaSection[] = this.#slots.map((slot) => {
      if (slot.stream === undefined || plan.remove.has(slot.stream)) {
        planned.push({ stream: undefined, isNew: false });
        return refusedSection(slot.section);
      }
      planned.push({ stream: slot.stream, isNew: false });
      // RFC 4145 §4.1 / RFC 6135: a running stream is re-offered with the role it already has.
      return writeMsrpMedia(localStreamDescription(slot.stream.localSpec(), slot.localSetup ?? slot.stream.setup));
    });
    // RFC 3264 §8.1: new streams are added at the end of the m-line list.
    for (const stream of plan.add) {
      planned.push({ stream, isNew: true });
      media.push(writeMsrpMedia(localStreamDescription(stream.localSpec(), stream.setup)));
    }
    if (!planned.some((item) => item.stream !== undefined)) throw new InvariantError('an offer without any stream');
    const first = planned.find((item) => item.stream !== undefined)?.stream as MsrpStreamBase;
    this.#origin = nextSessionVersion(this.#origin);
    const frame = buildMsrpOffer({ origin: this.#origin, streams: [first.localSpec()], setup: first.setup });
    const description: SessionDescription = { ...frame, media };
    this.#pendingOffer = { description, planned };
    return description;
  }

  #applyAnswer(pending: PendingOffer, answer: SessionDescription): void {
    this.#pendingOffer = undefined;
    let negotiated: NegotiatedStream[];
    try {
      negotiated = applyMsrpAnswer(pending.description, answer);
    } catch (error) {
      // sip.js ends the session (ACK + BYE 488); streams that never ran are refused.
      for (const item of pending.planned) if (item.isNew) item.stream?.refuse('the answer did not match the offer');
      throw error;
    }
    const outcome = { added: [] as MsrpStreamBase[], refused: [] as { stream: MsrpStreamBase; reason: string }[], removed: [] as MsrpStreamBase[] };
    const previous = this.#slots;
    this.#slots = pending.planned.map((item, index): Slot => {
      const section = pending.description.media[index] as MediaSection;
      const result = negotiated[index];
      const stream = item.stream;
      if (stream === undefined) {
        const old = previous[index]?.stream;
        if (old !== undefined) outcome.removed.push(old);
        return { stream: undefined, localSetup: undefined, section };
      }
      if (result === undefined || !result.accepted) {
        const reason = result === undefined ? 'missing in the answer' : refusalText(result.reason, result.error);
        if (item.isNew) {
          stream.refuse(reason);
          outcome.refused.push({ stream, reason });
        } else {
          outcome.removed.push(stream);
        }
        return { stream: undefined, localSetup: undefined, section: refusedSection(section) };
      }
      if (item.isNew) {
        outcome.added.push(stream);
        this.#startLater(stream, result);
      }
      return { stream, localSetup: result.setup.localSetup, section };
    });
    for (const stream of outcome.removed) void stream.end();
    this.#options.delegate.onNegotiated({ kind: 'answered', ...outcome });
  }

  // ---- answers ----

  async #takeOffer(offer: SessionDescription): Promise<void> {
    const classified = classifyOffer(offer);
    const fresh: AcceptableOfferedStream[] = [];
    const streams = new Map<number, { stream: MsrpStreamBase; isNew: boolean; actpassAnswer?: 'active' | 'passive' }>();
    for (const offered of classified) {
      const slot = this.#slots[offered.index];
      if (slot?.stream !== undefined) {
        // A running stream offered again keeps its role; one offered with port 0 is being removed (RFC 3264 §8.2).
        if (offered.usable) {
          const keep = slot.localSetup === 'active' || slot.localSetup === 'passive' ? slot.localSetup : undefined;
          streams.set(offered.index, { stream: slot.stream, isNew: false, ...(keep !== undefined ? { actpassAnswer: keep } : {}) });
        }
        continue;
      }
      if (offered.usable) fresh.push(offered);
    }
    const prepared = fresh.length === 0 ? new Map<number, MsrpStreamBase>() : await this.#options.delegate.prepareOfferedStreams(fresh);
    for (const [index, stream] of prepared) streams.set(index, { stream, isNew: true });
    this.#pendingAnswer = { offer, streams };
  }

  #answer(pending: PendingAnswer): SessionDescription {
    this.#pendingAnswer = undefined;
    const decide = (offered: AcceptableOfferedStream): StreamDecision => {
      const entry = pending.streams.get(offered.index);
      if (entry === undefined || entry.stream.isFinal) return 'refuse';
      return acceptanceOf(entry.stream.localSpec(), {
        connectionModel: this.#options.connectionModel,
        ...(entry.actpassAnswer !== undefined ? { actpassAnswer: entry.actpassAnswer } : {}),
      });
    };
    this.#origin = nextSessionVersion(this.#origin);
    let result;
    try {
      result = buildMsrpAnswer({ offer: pending.offer, origin: this.#origin, decide });
    } catch (error) {
      // No stream acceptable (488): the new streams never run; running ones stay as they are.
      for (const entry of pending.streams.values()) if (entry.isNew) entry.stream.refuse('no offered stream could be accepted');
      throw error;
    }
    const outcome = { added: [] as MsrpStreamBase[], refused: [] as { stream: MsrpStreamBase; reason: string }[], removed: [] as MsrpStreamBase[] };
    const previous = this.#slots;
    this.#slots = result.streams.map((negotiated, index): Slot => {
      const section = result.answer.media[index] as MediaSection;
      const entry = pending.streams.get(index);
      const old = previous[index]?.stream;
      if (!negotiated.accepted) {
        if (entry?.isNew === true) {
          const reason = refusalText(negotiated.reason, negotiated.error);
          entry.stream.refuse(reason);
          outcome.refused.push({ stream: entry.stream, reason });
        } else if (old !== undefined) {
          outcome.removed.push(old);
        }
        return { stream: undefined, localSetup: undefined, section };
      }
      const stream = entry?.stream;
      if (stream === undefined) throw new InvariantError('an accepted m-line without a stream');
      if (entry?.isNew === true) {
        outcome.added.push(stream);
        this.#startLater(stream, negotiated);
      }
      return { stream, localSetup: negotiated.setup.localSetup, section };
    });
    // Slots beyond the offer cannot exist (an offer repeats every m-line, RFC 3264 §8); end them if a peer forgot.
    for (const slot of previous.slice(result.streams.length)) if (slot.stream !== undefined) outcome.removed.push(slot.stream);
    for (const stream of outcome.removed) void stream.end();
    this.#options.delegate.onNegotiated({ kind: 'answering', ...outcome });
    return result.answer;
  }

  /** After sip.js has sent the answer (or ACK): the peer's connection attempt may already be on its way. */
  #startLater(stream: MsrpStreamBase, accepted: AcceptedStream): void {
    setImmediate(() => {
      if (this.#closed) return;
      void stream.start(accepted);
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the MSRP session description handler is closed');
  }
}

/** RFC 3264 §6 / §8.2: port 0, same media and proto, nothing else. */
function refusedSection(section: MediaSection): MediaSection {
  return { ...section, port: 0, portCount: undefined, information: undefined, connections: [], bandwidths: [], key: undefined, attributes: [] };
}

function refusalText(reason: string, error: Error | undefined): string {
  return error === undefined ? reason : `${reason}: ${error.message}`;
}
