import type { RegistrationState } from '../../../../src-shared';

/** The registration state in words; the colour only repeats what the text says. */
export function registrationLabel(registration: RegistrationState): string {
  switch (registration.state) {
    case 'disabled':
      return 'Registration off';
    case 'unregistered':
      return 'Not registered';
    case 'registering':
      return 'Registering…';
    case 'registered':
      return 'Registered';
    case 'failed':
      return `Registration failed: ${registration.code} ${registration.reason}`;
    case 'retrying':
      return `Retrying: ${registration.reason}`;
  }
}

export function RegistrationBadge({ registration, enabled }: { registration: RegistrationState; enabled: boolean }) {
  const state = enabled ? registration.state : 'off';
  return (
    <span className="badge" data-state={state} data-testid="registration-badge">
      {enabled ? registrationLabel(registration) : 'Account off'}
    </span>
  );
}
