import { CheckboxField, TextField } from '../../components/form-fields';

interface PasswordFieldProps {
  readonly mode: 'add' | 'edit';
  /** Whether main holds a password for this account (never the password itself). */
  readonly hasPassword: boolean;
  readonly value: string;
  readonly removePassword: boolean;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
  readonly onRemoveChange: (remove: boolean) => void;
}

/** Write-only: the box starts empty; a saved password is only ever acknowledged, never shown. */
export function PasswordField(props: PasswordFieldProps) {
  const saved = props.mode === 'edit' && props.hasPassword;
  return (
    <div className="password-field">
      {props.removePassword ? (
        <p className="field-hint" data-testid="password-removal-hint">
          The saved password will be removed when you save.
        </p>
      ) : (
        <TextField
          field="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          value={props.value}
          onChange={props.onChange}
          error={props.error}
          hint={saved ? <span data-testid="password-saved-hint">Password saved — leave empty to keep it.</span> : undefined}
        />
      )}
      {saved ? (
        <CheckboxField field="removePassword" label="Remove the saved password" checked={props.removePassword} onChange={props.onRemoveChange} />
      ) : null}
    </div>
  );
}
