import { useAccountsMirror } from './bridge/bridge-context';
import { ConnectionBanner } from './components/connection-banner';
import { StorageProblemsBanner } from './components/storage-problems-banner';
import { FirstRunScreen } from './features/accounts/first-run-screen';
import { MainLayout } from './features/main/main-layout';
import { IncomingSessionPrompt } from './features/sessions/incoming-session-prompt';
import { useUiStore } from './stores/ui-store';

/** loading → first run (only the LAN account, not dismissed) → the main layout; an incoming session rings over any of them. */
export function App() {
  const loaded = useAccountsMirror((state) => state.loaded);
  const onlyLan = useAccountsMirror((state) => state.accounts.every((account) => account.kind === 'lan'));
  const firstRunDismissed = useUiStore((state) => state.firstRunDismissed);
  return (
    <div className="app">
      <ConnectionBanner />
      <StorageProblemsBanner />
      {!loaded ? (
        <main className="loading" aria-busy="true" data-testid="loading">
          <p>Connecting to Parley…</p>
        </main>
      ) : onlyLan && !firstRunDismissed ? (
        <FirstRunScreen />
      ) : (
        <MainLayout />
      )}
      {loaded ? <IncomingSessionPrompt /> : null}
    </div>
  );
}
