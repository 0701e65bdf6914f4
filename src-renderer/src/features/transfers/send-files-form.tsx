import { useId, useMemo, useState, type FormEvent } from 'react';
import type { AccountId, SipAccountView } from '../../../../src-shared';
import { useAccountsMirror, useCommands } from '../../bridge/bridge-context';
import { SelectField, TextField } from '../../components/form-fields';
import { accountTitle } from '../accounts/account-row';
import { completeTarget, targetProblem } from '../sessions/session-target';
import { FileDropZone } from './file-drop-zone';
import { FilePicker } from './file-picker';
import { desktopFilePathReader } from '../../bridge/local-file-path';
import { parsePathList, pathProblem, transferCommandError } from './transfer-command-errors';
import { formatBytes } from './transfer-format';
import { usePageUploads } from './use-page-uploads';

interface SendFilesFormProps {
  /** Fixed sender and recipient (the session view's "Send file"); absent: the user chooses both. */
  readonly fixed?: { readonly accountId: AccountId; readonly target: string };
  /** Focus the path box on mount (the form was just opened by a button). */
  readonly autoFocus?: boolean;
}

/**
 * Sends one or more files, each in a transfer of its own. Files with a path on this computer are sent by path:
 * typed here one per line, or filled in by the desktop app's chooser and drops (the preload knows where they
 * lie). A browser window (web mode) never learns a chosen or dropped file's path, so those files are listed
 * and their bytes copied into Parley when sent.
 */
export function SendFilesForm({ fixed, autoFocus }: SendFilesFormProps) {
  const accounts = useAccountsMirror((state) => state.accounts);
  const defaultAccountId = useAccountsMirror((state) => state.defaultAccountId);
  const usable = useMemo(() => accounts.filter((account): account is SipAccountView => account.kind === 'sip' && account.enabled), [accounts]);
  const commands = useCommands();
  const pathsId = useId();
  const [chosen, setChosen] = useState<AccountId | null>(null);
  const [address, setAddress] = useState('');
  const [paths, setPaths] = useState('');
  const [picked, setPicked] = useState<readonly File[]>([]);
  const uploads = usePageUploads();
  const [addressError, setAddressError] = useState<string | undefined>(undefined);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const pathOf = useMemo(() => desktopFilePathReader(), []);
  const addPaths = (added: readonly string[]) => setPaths((current) => [...new Set([...parsePathList(current), ...added])].join('\n'));
  const addFiles = (added: readonly File[]) => setPicked((current) => [...current, ...added]);

  const account = usable.find((candidate) => candidate.id === chosen) ?? usable.find((candidate) => candidate.id === defaultAccountId) ?? usable[0];
  const accountId = fixed?.accountId ?? account?.id;

  async function send(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (sending || accountId === undefined) return;
    const target = fixed?.target ?? completeTarget(address, account?.settings.address ?? '');
    const targetError = fixed === undefined ? targetProblem(target) : null;
    setAddressError(targetError ?? undefined);
    const list = parsePathList(paths);
    const found = list.map(pathProblem).filter((problem): problem is string => problem !== null);
    if (list.length === 0 && picked.length === 0) found.push('Choose a file, or enter the full path of at least one file.');
    setProblems(found);
    setSent(null);
    if (targetError !== null || found.length > 0) return;
    setSending(true);
    // One at a time: main hashes each file before offering it, and the order of the offers is the user's.
    const failed: string[] = [];
    const failures: string[] = [];
    for (const path of list) {
      const result = await commands.invoke('transfers.send', accountId, target, path);
      if (!result.ok) {
        failed.push(path);
        failures.push(`${path}: ${transferCommandError('send', result.error)}`);
      }
    }
    // Files the page holds as bytes are copied into Parley, then offered; their progress shows under "In progress".
    uploads.send(accountId, target, picked);
    setSending(false);
    setProblems(failures);
    // Keep what failed in the box, so the user can fix it and send again.
    setPaths(failed.join('\n'));
    setSent(sentStatus(list.length - failed.length, picked.length));
    setPicked([]);
  }

  if (accountId === undefined) return <p className="muted">Files go through a SIP account: turn one on in Accounts.</p>;
  return (
    <form className="send-files-form" onSubmit={(event) => void send(event)} noValidate data-testid="send-files-form">
      {fixed === undefined ? (
        <>
          <SelectField
            field="transfer-account"
            label="From account"
            value={accountId}
            options={usable.map((candidate) => ({ value: candidate.id, label: `${accountTitle(candidate)} (${candidate.settings.address})` }))}
            onChange={setChosen}
          />
          <TextField field="transfer-target" label="To" value={address} onChange={setAddress} error={addressError} placeholder="bob@example.com" />
        </>
      ) : null}
      <FilePicker pathOf={pathOf} onPaths={addPaths} onFiles={addFiles} />
      {picked.length === 0 ? null : (
        <ul className="picked-files" aria-label="Chosen files" data-testid="picked-files">
          {picked.map((file, index) => (
            <li key={`${index} ${file.name}`}>
              {file.name} ({formatBytes(file.size)}){' '}
              <button type="button" className="link" onClick={() => setPicked((current) => current.filter((_, at) => at !== index))} aria-label={`Remove ${file.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <FileDropZone onPaths={addPaths} onFiles={addFiles} pathOf={pathOf}>
        <div className="field">
          <label htmlFor={pathsId}>Send file by path (one per line)</label>
          <textarea
            id={pathsId}
            rows={3}
            value={paths}
            onChange={(event) => setPaths(event.target.value)}
            placeholder="/home/you/Documents/report.pdf"
            spellCheck={false}
            autoFocus={autoFocus}
            aria-describedby={`${pathsId}-problems`}
            data-testid="transfer-paths"
          />
        </div>
      </FileDropZone>
      <ul id={`${pathsId}-problems`} className="field-error" aria-live="polite" data-testid="transfer-send-problems">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={sending} data-testid="send-files">
          {sending ? 'Offering…' : 'Send'}
        </button>
        <span role="status" className="muted" data-testid="transfer-send-status">
          {sent ?? ''}
        </span>
      </div>
    </form>
  );
}

/** What the form says once it sent: files offered by path, and files being copied in to be offered. */
export function sentStatus(offered: number, copying: number): string | null {
  const parts: string[] = [];
  if (offered > 0) parts.push(offered === 1 ? 'One file offered.' : `${offered} files offered.`);
  if (copying > 0) parts.push(copying === 1 ? 'One file is being copied into Parley and will be offered.' : `${copying} files are being copied into Parley and will be offered.`);
  return parts.length === 0 ? null : parts.join(' ');
}
