import type { RegistrationState } from '../../../../src-shared';
import { formatDuration } from '../../components/duration';

/** How the status looks: the colour only repeats what the words say. */
export type RegistrationTone = 'ok' | 'busy' | 'problem' | 'off';

export interface RegistrationStatus {
  /** `data-state` of the badge: the registration state, or 'off' for a disabled account. */
  readonly state: RegistrationState['state'] | 'off';
  readonly tone: RegistrationTone;
  /** A few words that change only with the state: "Registered", "Registration failed: 403 Wrong Password" … */
  readonly label: string;
  /** What it means or what to do next (with the countdown, if any); null when the label says it all. */
  readonly advice: string | null;
}

const AFTER_FIX = 'Saving the account registers it again.';

/** What to do about a final REGISTER rejection, by SIP status (RFC 3261 §21). */
export function registrationAdvice(code: number): string {
  switch (code) {
    case 401:
    case 403:
    case 407:
      return `Check the password (and the authentication username, if your provider gave you one). ${AFTER_FIX}`;
    case 404:
    case 604:
      return `The server does not know this address: check the SIP address. ${AFTER_FIX}`;
    case 423:
      return `The server wants a longer registration interval: raise it under Advanced. ${AFTER_FIX}`;
    case 0:
    case 408:
    case 502:
    case 503:
    case 504:
      return `The server could not be reached: check the outbound proxy and your network. ${AFTER_FIX}`;
    default:
      return code >= 500
        ? `The server has a problem; try again later or ask your provider. ${AFTER_FIX}`
        : `Check the account's settings; if they are right, ask your provider. ${AFTER_FIX}`;
  }
}

/** Whether the words depend on the clock (expiry, next retry), so a view should tick. */
export function registrationIsTimed(registration: RegistrationState, enabled: boolean): boolean {
  return enabled && (registration.state === 'registered' || registration.state === 'retrying');
}

/** The registration of one SIP account in words, as of `now` (epoch ms, for expiry and countdowns). */
export function describeRegistration(registration: RegistrationState, enabled: boolean, now: number): RegistrationStatus {
  if (!enabled) return { state: 'off', tone: 'off', label: 'Account off', advice: 'Turn it on to register and place calls.' };
  switch (registration.state) {
    case 'disabled':
      return {
        state: 'disabled',
        tone: 'off',
        label: 'Registration off',
        advice: 'You can start sessions, but nobody can reach you through this account.',
      };
    case 'unregistered':
      return { state: 'unregistered', tone: 'busy', label: 'Not registered', advice: null };
    case 'registering':
      return { state: 'registering', tone: 'busy', label: 'Registering…', advice: null };
    case 'registered':
      return {
        state: 'registered',
        tone: 'ok',
        label: 'Registered',
        advice: `Expires in ${formatDuration(registration.expiresAt - now)}; renewed automatically.`,
      };
    case 'failed': {
      const status = `${registration.code === 0 ? '' : `${registration.code} `}${registration.reason}`.trim();
      return {
        state: 'failed',
        tone: 'problem',
        label: status === '' ? 'Registration failed' : `Registration failed: ${status}`,
        advice: registrationAdvice(registration.code),
      };
    }
    case 'retrying': {
      const waiting = registration.retryAt - now;
      const next = waiting > 0 ? `Retrying in ${formatDuration(waiting)}.` : 'Retrying now…';
      const last = registration.reason === '' ? 'no answer' : registration.reason;
      return {
        state: 'retrying',
        tone: 'problem',
        label: 'Not registered: retrying',
        advice: `${next} Last attempt: ${last}. If this persists, check your network and the server settings.`,
      };
    }
  }
}
