import { useId, type ReactNode } from 'react';

/** DOM id of a field's error message, so inputs can point at it with aria-describedby. */
function errorIdFor(base: string): string {
  return `${base}-error`;
}

function FieldError({ id, field, message }: { id: string; field: string; message: string | undefined }) {
  // Always rendered, so screen readers announce a message the moment it appears.
  return (
    <p id={id} className="field-error" data-testid={`error-${field}`} aria-live="polite">
      {message ?? ''}
    </p>
  );
}

interface TextFieldProps {
  /** The draft's dotted path (`outboundProxy.host`): names the error slot and the test id. */
  readonly field: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly type?: 'text' | 'password' | 'number';
  readonly hint?: ReactNode;
  readonly autoFocus?: boolean;
  readonly autoComplete?: string;
  readonly placeholder?: string;
  readonly inputMode?: 'numeric' | 'email' | 'text';
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const errorId = errorIdFor(id);
  const hintId = `${id}-hint`;
  const describedBy = [props.hint === undefined ? null : hintId, errorId].filter((part) => part !== null).join(' ');
  return (
    <div className="field" data-invalid={props.error !== undefined}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.field}
        data-testid={`field-${props.field}`}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error !== undefined}
        aria-describedby={describedBy}
        autoFocus={props.autoFocus}
        autoComplete={props.autoComplete ?? 'off'}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        spellCheck={false}
      />
      {props.hint === undefined ? null : (
        <p id={hintId} className="field-hint">
          {props.hint}
        </p>
      )}
      <FieldError id={errorId} field={props.field} message={props.error} />
    </div>
  );
}

interface CheckboxFieldProps {
  readonly field: string;
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly hint?: ReactNode;
}

export function CheckboxField(props: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        name={props.field}
        data-testid={`field-${props.field}`}
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
        aria-describedby={props.hint === undefined ? undefined : `${id}-hint`}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.hint === undefined ? null : (
        <p id={`${id}-hint`} className="field-hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  readonly field: string;
  readonly label: string;
  readonly value: T;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly onChange: (value: T) => void;
  readonly error?: string | undefined;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const id = useId();
  const errorId = errorIdFor(id);
  return (
    <div className="field" data-invalid={props.error !== undefined}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.field}
        data-testid={`field-${props.field}`}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
        aria-invalid={props.error !== undefined}
        aria-describedby={errorId}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} field={props.field} message={props.error} />
    </div>
  );
}
