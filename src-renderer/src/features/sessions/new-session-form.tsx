import { useMemo, useState, type FormEvent } from 'react';
import type { AccountId, DesktopRole, MediaStreamType, SipAccountView } from '../../../../src-shared';
import { useAccountsMirror, useCommands } from '../../bridge/bridge-context';
import { SelectField, TextField } from '../../components/form-fields';
import { useUiStore } from '../../stores/ui-store';
import { accountTitle } from '../accounts/account-row';
import { DesktopRoleChoice } from '../desktop/desktop-role-choice';
import { sessionCommandError } from './session-command-errors';
import { completeTarget, targetProblem } from './session-target';
import { StreamChoice, STREAM_CHOICES } from './stream-choice';

/**
 * "New session": the account to call from, the address, the streams. Enter in the address box starts it;
 * the session then opens in the main pane (from main's answer, never made up here).
 */
export function NewSessionForm() {
  const accounts = useAccountsMirror((state) => state.accounts);
  const defaultAccountId = useAccountsMirror((state) => state.defaultAccountId);
  const sipAccounts = useMemo(() => accounts.filter((account): account is SipAccountView => account.kind === 'sip'), [accounts]);
  const usable = sipAccounts.filter((account) => account.enabled);
  const commands = useCommands();
  const showSession = useUiStore((state) => state.showSession);
  const showAccounts = useUiStore((state) => state.showAccounts);
  const [chosen, setChosen] = useState<AccountId | null>(null);
  const [address, setAddress] = useState('');
  const [types, setTypes] = useState<readonly MediaStreamType[]>(['chat']);
  const [desktopRole, setDesktopRole] = useState<DesktopRole>('viewer');
  const [addressError, setAddressError] = useState<string | undefined>(undefined);
  const [summary, setSummary] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const account = usable.find((candidate) => candidate.id === chosen) ?? usable.find((candidate) => candidate.id === defaultAccountId) ?? usable[0];

  async function start(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (starting || account === undefined) return;
    const target = completeTarget(address, account.settings.address);
    const problem = targetProblem(target);
    setAddressError(problem ?? undefined);
    setSummary(types.length === 0 ? 'Choose at least one kind of stream, such as chat.' : null);
    if (problem !== null || types.length === 0) return;
    setStarting(true);
    const result = types.includes('desktop-sharing')
      ? await commands.invoke('sessions.connect', account.id, target, [...types], { desktopRole })
      : await commands.invoke('sessions.connect', account.id, target, [...types]);
    setStarting(false);
    if (result.ok) {
      showSession(result.value.id);
      return;
    }
    const text = sessionCommandError('connect', result.error);
    if (result.error.code === 'invalid-argument' && result.error.field === 'target') setAddressError(text);
    else setSummary(text);
  }

  return (
    <section className="pane-section" aria-labelledby="new-session-heading" data-testid="new-session-form">
      <h1 id="new-session-heading">New session</h1>
      {account === undefined ? (
        <div className="empty-state">
          <p>{sipAccounts.length === 0 ? 'Sessions go through a SIP account, and there is none yet.' : 'Every SIP account is turned off.'}</p>
          <button type="button" className="primary" onClick={showAccounts}>
            {sipAccounts.length === 0 ? 'Add a SIP account' : 'Go to accounts'}
          </button>
        </div>
      ) : (
        <form className="new-session-form" onSubmit={(event) => void start(event)} noValidate>
          <SelectField
            field="account"
            label="From account"
            value={account.id}
            options={usable.map((candidate) => ({ value: candidate.id, label: `${accountTitle(candidate)} (${candidate.settings.address})` }))}
            onChange={setChosen}
          />
          <TextField
            field="target"
            label="To"
            value={address}
            onChange={setAddress}
            error={addressError}
            placeholder="bob@example.com or sip:bob@example.com"
            hint="A SIP address; a name alone gets this account’s domain."
            inputMode="email"
            autoFocus
          />
          <fieldset>
            <legend>Streams</legend>
            {STREAM_CHOICES.map((choice) => (
              <StreamChoice key={choice.type} choice={choice} chosen={types} onChange={setTypes} />
            ))}
            {types.includes('desktop-sharing') ? <DesktopRoleChoice role={desktopRole} onChange={setDesktopRole} /> : null}
          </fieldset>
          <p className="form-summary" role="alert" data-testid="new-session-error">
            {summary ?? ''}
          </p>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={starting} data-testid="start-session">
              {starting ? 'Starting…' : 'Start session'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
