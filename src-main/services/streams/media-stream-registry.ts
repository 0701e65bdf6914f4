import type { MediaStreamType, StreamRequestOptions } from '../../../src-shared';
import type { AcceptableOfferedStream, MsrpStreamRole } from '../../sip/sdp';
import { ConflictError } from '../errors';
import { ChatStream } from './chat-stream';
import type { MsrpStreamBase } from './msrp-stream-base';

/** What the session knows when it answers an offered stream. */
export interface StreamAnswerContext {
  /**
   * The user accepted this stream explicitly (answered the incoming session); false for a re-INVITE the
   * proposal policy answered on its own. Desktop sharing shares nothing before the user said yes.
   */
  readonly userAccepted: boolean;
}

/** How one stream type plugs in (the seed's MediaStreamRegistry entry). */
export interface MediaStreamFactory {
  readonly type: MediaStreamType;
  /** The stream for our own offer (`options`: what the user asked for, e.g. the desktop-sharing role). */
  createForOffer(options?: StreamRequestOptions): MsrpStreamBase;
  /** True when this type handles an offered stream whose role (for us) is `role`. */
  handlesOffered(offered: AcceptableOfferedStream): boolean;
  /** The stream that answers an offered stream. */
  createForAnswer(offered: AcceptableOfferedStream, context?: StreamAnswerContext): MsrpStreamBase;
}

/**
 * The seed's media-stream registry: chat, file transfer and desktop sharing plug in by type. An offered
 * stream no registered type handles is refused with port 0 (RFC 3264 §6).
 */
export class MediaStreamRegistry {
  readonly #factories = new Map<MediaStreamType, MediaStreamFactory>();

  register(factory: MediaStreamFactory): void {
    if (this.#factories.has(factory.type)) throw new ConflictError(`A ${factory.type} stream type is already registered.`);
    this.#factories.set(factory.type, factory);
  }

  get(type: MediaStreamType): MediaStreamFactory | undefined {
    return this.#factories.get(type);
  }

  get types(): MediaStreamType[] {
    return [...this.#factories.keys()];
  }

  /** The factory for an offered stream, or undefined (refuse it). */
  forOffered(offered: AcceptableOfferedStream): MediaStreamFactory | undefined {
    for (const factory of this.#factories.values()) if (factory.handlesOffered(offered)) return factory;
    return undefined;
  }
}

const CHAT_ROLE: MsrpStreamRole = 'chat';

export const CHAT_STREAM_FACTORY: MediaStreamFactory = {
  type: 'chat',
  createForOffer: () => new ChatStream(),
  handlesOffered: (offered) => offered.role === CHAT_ROLE,
  createForAnswer: () => new ChatStream(),
};

/** The registry with every stream type Parley implements so far. */
export function defaultMediaStreamRegistry(): MediaStreamRegistry {
  const registry = new MediaStreamRegistry();
  registry.register(CHAT_STREAM_FACTORY);
  return registry;
}
