import type { RegistrationState } from '../../../../src-shared';
import { useNow } from '../../components/use-now';
import { describeRegistration, registrationIsTimed } from './registration-status';

interface RegistrationBadgeProps {
  readonly registration: RegistrationState;
  readonly enabled: boolean;
  /** Also say what the state means or what to do (the sidebar and the accounts list do; compact places don't). */
  readonly withAdvice?: boolean;
}

/**
 * The registration state in words, with a live countdown while one is running (expiry, next retry). The
 * badge is a status region whose words change only with the state, so a screen reader hears "Registered"
 * or the failure once; the ticking countdown lives in the advice line beside it.
 */
export function RegistrationBadge({ registration, enabled, withAdvice = false }: RegistrationBadgeProps) {
  const now = useNow(withAdvice && registrationIsTimed(registration, enabled));
  const status = describeRegistration(registration, enabled, now);
  return (
    <span className="registration-status">
      <span className="badge" data-state={status.state} data-tone={status.tone} data-testid="registration-badge" role="status">
        {status.label}
      </span>
      {withAdvice && status.advice !== null ? (
        <span className="registration-advice" data-testid="registration-advice">
          {status.advice}
        </span>
      ) : null}
    </span>
  );
}
