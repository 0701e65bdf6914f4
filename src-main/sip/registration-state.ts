import { SipError } from './sip-error';

/** Registration states of one account (RFC 3261 §10.2 seen from the client). */
export enum RegistrationStateName {
  Unregistered = 'unregistered',
  Registering = 'registering',
  Registered = 'registered',
  Failed = 'failed',
  Retrying = 'retrying',
}

export type RegistrationState =
  | { readonly name: RegistrationStateName.Unregistered }
  | { readonly name: RegistrationStateName.Registering }
  | {
      readonly name: RegistrationStateName.Registered;
      /** Epoch ms when the registrar drops our binding unless refreshed. */
      readonly expiresAt: number;
      /** Our Contact as registered. */
      readonly contact: string;
      /** Every binding of the AoR, from the 2xx's Contact list (RFC 3261 §10.2.4). */
      readonly bindings: readonly string[];
    }
  | {
      readonly name: RegistrationStateName.Failed;
      /** SIP status of the final rejection (e.g. 401, 403), or 0 when no response was received. */
      readonly code: number;
      readonly reason: string;
    }
  | {
      readonly name: RegistrationStateName.Retrying;
      readonly retryAt: number;
      readonly reason: string;
      readonly code?: number | undefined;
    };

const NEXT: Record<RegistrationStateName, readonly RegistrationStateName[]> = {
  [RegistrationStateName.Unregistered]: [RegistrationStateName.Registering, RegistrationStateName.Retrying],
  [RegistrationStateName.Registering]: [
    RegistrationStateName.Registered,
    RegistrationStateName.Failed,
    RegistrationStateName.Retrying,
    RegistrationStateName.Unregistered,
  ],
  [RegistrationStateName.Registered]: [
    RegistrationStateName.Registered,
    RegistrationStateName.Registering,
    RegistrationStateName.Retrying,
    RegistrationStateName.Failed,
    RegistrationStateName.Unregistered,
  ],
  [RegistrationStateName.Retrying]: [
    RegistrationStateName.Registering,
    RegistrationStateName.Retrying,
    RegistrationStateName.Failed,
    RegistrationStateName.Unregistered,
  ],
  [RegistrationStateName.Failed]: [RegistrationStateName.Registering, RegistrationStateName.Retrying, RegistrationStateName.Unregistered],
};

/** The transition guard: an illegal transition is a bug in this package. */
export function assertRegistrationTransition(from: RegistrationStateName, to: RegistrationStateName): void {
  if (!NEXT[from].includes(to)) throw new SipError('sip/invalid-state', `registration cannot go from ${from} to ${to}`);
}
