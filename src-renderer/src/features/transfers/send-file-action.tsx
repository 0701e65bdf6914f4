import { useState } from 'react';
import type { SessionView } from '../../../../src-shared';
import { SendFilesForm } from './send-files-form';

/**
 * "Send file…" in a session's pane: the files go to the session's party from the session's account, each in
 * a session of its own (RFC 5547 push), so the chat here is untouched.
 */
export function SendFileAction({ view }: { view: SessionView }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="send-file-action" aria-label="Send files to this party" data-testid="session-send-file">
      <button type="button" aria-expanded={open} onClick={() => setOpen((value) => !value)} data-testid="open-send-file">
        {open ? 'Close “Send file”' : 'Send file…'}
      </button>
      {open ? <SendFilesForm fixed={{ accountId: view.accountId, target: view.remoteUri }} autoFocus /> : null}
    </section>
  );
}
