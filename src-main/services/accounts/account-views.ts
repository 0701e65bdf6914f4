import type { AccountId, AccountView, LanAccountView, RegistrationState, SipAccountView } from '../../../src-shared';
import type { LanAccountRecord, SipAccountRecord } from './account-file';

/** Views are what leaves the service: plain, frozen, and without any password. */
export function lanView(record: LanAccountRecord): LanAccountView {
  return deepFreeze({ kind: 'lan', id: record.id, enabled: record.enabled, displayName: record.displayName });
}

export function sipView(record: SipAccountRecord, hasPassword: boolean, registration: RegistrationState | undefined): SipAccountView {
  return deepFreeze({
    kind: 'sip',
    id: record.id,
    enabled: record.enabled,
    settings: structuredClone(record.settings),
    hasPassword,
    // Until the SIP layer reports a state, an enabled account is simply not registered.
    registration: !record.enabled ? { state: 'disabled' } : (registration ?? { state: 'unregistered' }),
  });
}

export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function passwordKey(id: AccountId): string {
  return `account:${id}:password`;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
