import type { AccountFormValues } from './account-form-values';
import type { FieldErrors } from './field-errors';

/** What every group of account fields gets: the values, the errors by field path, and a patch callback. */
export interface SettingsSectionProps {
  readonly values: AccountFormValues;
  readonly errors: FieldErrors;
  readonly onChange: (patch: Partial<AccountFormValues>) => void;
}
