import { describe, expect, it } from 'vitest';
import { RegistrationStateName, assertRegistrationTransition } from './registration-state';

describe('registration transition guard', () => {
  it('allows the documented transitions and refuses the others with a stable code', () => {
    expect(() => assertRegistrationTransition(RegistrationStateName.Unregistered, RegistrationStateName.Registering)).not.toThrow();
    expect(() => assertRegistrationTransition(RegistrationStateName.Registered, RegistrationStateName.Retrying)).not.toThrow();
    expect(() => assertRegistrationTransition(RegistrationStateName.Retrying, RegistrationStateName.Registering)).not.toThrow();
    expect(() => assertRegistrationTransition(RegistrationStateName.Unregistered, RegistrationStateName.Registered)).toThrow(
      expect.objectContaining({ code: 'sip/invalid-state' }),
    );
    expect(() => assertRegistrationTransition(RegistrationStateName.Failed, RegistrationStateName.Registered)).toThrow();
  });
});
