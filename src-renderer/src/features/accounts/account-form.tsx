import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { DEFAULT_ACCOUNT_SETTINGS, validateAccountDraft } from '../../../../src-shared/ipc/command-schemas';
import type { SipAccountView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { TextField } from '../../components/form-fields';
import { ADVANCED_FIELDS, AdvancedSettings } from './advanced-settings';
import { formValuesFrom, toDraft, type AccountFormValues } from './account-form-values';
import { fieldErrorsFrom, placeSaveError, type FieldErrors } from './field-errors';
import { PasswordField } from './password-field';

const SHOWN_FIELDS: ReadonlySet<string> = new Set(['address', 'displayName', 'password', ...ADVANCED_FIELDS]);

interface AccountFormProps {
  /** Absent: a new account. */
  readonly account?: SipAccountView;
  readonly onDone: () => void;
  readonly onCancel: () => void;
  readonly cancelLabel?: string;
}

/**
 * Add or edit a SIP account. Checks the draft with the same rules main applies (validateAccountDraft),
 * then sends it; the list updates from main's event, never from here. Enter submits, Escape cancels.
 */
export function AccountForm({ account, onDone, onCancel, cancelLabel = 'Cancel' }: AccountFormProps) {
  const mode = account === undefined ? 'add' : 'edit';
  const commands = useCommands();
  const [values, setValues] = useState<AccountFormValues>(() => formValuesFrom(account?.settings ?? DEFAULT_ACCOUNT_SETTINGS));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const change = (patch: Partial<AccountFormValues>) => setValues((current) => ({ ...current, ...patch }));

  function showErrors(next: FieldErrors): void {
    setErrors(next);
    if (Object.keys(next).some((field) => (ADVANCED_FIELDS as readonly string[]).includes(field))) setAdvancedOpen(true);
    // Move focus to the first field in trouble so keyboard and screen reader users land on it.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (saving) return;
    const draft = toDraft(values, mode);
    const problems = fieldErrorsFrom(validateAccountDraft(draft));
    setSummary(null);
    if (Object.keys(problems).length > 0) {
      showErrors(problems);
      const misplaced = Object.keys(problems).filter((field) => !SHOWN_FIELDS.has(field));
      if (misplaced.length > 0) setSummary(`Not saved: ${misplaced.map((field) => problems[field]).join(' ')}`);
      return;
    }
    setSaving(true);
    const result = account === undefined ? await commands.invoke('accounts.add', draft) : await commands.invoke('accounts.update', account.id, draft);
    setSaving(false);
    if (result.ok) {
      onDone();
      return;
    }
    const placed = placeSaveError(result.error, SHOWN_FIELDS);
    showErrors(placed.fields);
    setSummary(placed.summary);
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onCancel();
  }

  return (
    <form ref={formRef} className="account-form" data-testid="account-form" aria-label={mode === 'add' ? 'Add a SIP account' : 'Edit SIP account'} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} noValidate>
      <TextField
        field="address"
        label="SIP address"
        value={values.address}
        onChange={(address) => change({ address })}
        error={errors.address}
        placeholder="alice@example.com"
        inputMode="email"
        autoComplete="username"
        autoFocus
      />
      <TextField field="displayName" label="Display name" value={values.displayName} onChange={(displayName) => change({ displayName })} error={errors.displayName} autoComplete="name" />
      <PasswordField
        mode={mode}
        hasPassword={account?.hasPassword ?? false}
        value={values.password}
        removePassword={values.removePassword}
        error={errors.password}
        onChange={(password) => change({ password })}
        onRemoveChange={(removePassword) => change({ removePassword, password: '' })}
      />
      <AdvancedSettings values={values} errors={errors} onChange={change} open={advancedOpen} onToggle={setAdvancedOpen} />
      <p className="form-summary" role="alert" data-testid="form-summary">
        {summary ?? ''}
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} data-testid="save-account">
          {saving ? 'Saving…' : mode === 'add' ? 'Add account' : 'Save changes'}
        </button>
        <button type="button" onClick={onCancel} data-testid="cancel-account">
          {cancelLabel}
        </button>
      </div>
    </form>
  );
}
