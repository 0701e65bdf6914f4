import { useAccountsMirror } from './bridge/bridge-context';
import { ConnectionBanner } from './components/connection-banner';
import { StorageProblemsBanner } from './components/storage-problems-banner';
import { AccountsScreen } from './features/accounts/accounts-screen';
import { FirstRunScreen } from './features/accounts/first-run-screen';
import { useUiStore } from './stores/ui-store';

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
        <AccountsScreen />
      )}
    </div>
  );
}
