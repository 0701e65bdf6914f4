import type { UserAgent } from 'sip.js';
import type { AccountId } from '../../../src-shared';
import type { MsrpStreamContext } from '../streams';

/** What a session needs of its account: identity, the sip.js UserAgent, and how its streams reach the network. */
export interface SessionAccount {
  readonly id: AccountId;
  /** `sip:user@domain`. */
  readonly aor: string;
  readonly userAgent: UserAgent;
  readonly connectionModel: 'relay' | 'direct';
  /** The address our SIP flow leaves from (o= and c= of our SDP). */
  localAddress(): string;
  streamContext(remoteIdentity: string): MsrpStreamContext;
}
