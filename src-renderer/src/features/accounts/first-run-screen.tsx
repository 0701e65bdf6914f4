import { useUiStore } from '../../stores/ui-store';
import { AccountForm } from './account-form';

/** Shown while only the LAN account exists: set up a SIP account, or carry on with the LAN alone. */
export function FirstRunScreen() {
  const dismissFirstRun = useUiStore((state) => state.dismissFirstRun);
  return (
    <main className="first-run" data-testid="first-run">
      <h1>Welcome to Parley</h1>
      <p>
        Chat, send files and share your desktop with anyone who has a SIP address. Add your SIP account to get
        started: your provider gives you the address and the password.
      </p>
      <p>No SIP account? Choose “Use LAN only” to reach people on this local network without a server.</p>
      <section className="editor-panel" aria-labelledby="first-run-form-heading">
        <h2 id="first-run-form-heading">Add a SIP account</h2>
        {/* Leaving the welcome screen either way: later, an empty list stays the accounts page. */}
        <AccountForm onDone={dismissFirstRun} onCancel={dismissFirstRun} cancelLabel="Use LAN only" />
      </section>
    </main>
  );
}
