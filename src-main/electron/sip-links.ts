import type { Logger } from '../common';

const SIP_LINK = /^sips?:/i;

/** The sip:/sips: URL among command-line arguments (how Windows and Linux hand over a clicked link). */
export function findSipLink(argv: readonly string[]): string | undefined {
  return argv.find((argument) => SIP_LINK.test(argument));
}

/**
 * Where every sip:/sips: link ends up, whichever way it came (first launch, second instance, macOS
 * open-url). For now it only records and logs; starting a session from it comes with sessions.
 */
export class SipLinkInbox {
  readonly received: string[] = [];
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  accept(url: string): void {
    if (!SIP_LINK.test(url)) return;
    this.received.push(url);
    // The user part is personal data: log the scheme only.
    this.#logger.info('Received a SIP link', { scheme: url.slice(0, url.indexOf(':')).toLowerCase() });
  }
}
