import type { RegistrationState } from '../../../src-shared';
import { RegistrationStateName, type RegistrationState as SipRegistrationState } from '../../sip';

/** The SIP layer's registration state as the account views show it (plain data, epoch ms). */
export function registrationView(state: SipRegistrationState): RegistrationState {
  switch (state.name) {
    case RegistrationStateName.Unregistered:
      return { state: 'unregistered' };
    case RegistrationStateName.Registering:
      return { state: 'registering' };
    case RegistrationStateName.Registered:
      return { state: 'registered', expiresAt: state.expiresAt };
    case RegistrationStateName.Failed:
      return { state: 'failed', code: state.code, reason: state.reason };
    case RegistrationStateName.Retrying:
      return { state: 'retrying', retryAt: state.retryAt, reason: state.reason };
  }
}
