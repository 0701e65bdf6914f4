import { useAccountsMirror } from '../../bridge/bridge-context';
import { useUiStore } from '../../stores/ui-store';
import { accountTitle } from '../accounts/account-row';
import { RegistrationBadge } from '../accounts/registration-badge';

/** Each account with its registration status and what to do about a problem; "Manage" opens the accounts page. */
export function SidebarAccounts() {
  const accounts = useAccountsMirror((state) => state.accounts);
  const view = useUiStore((state) => state.mainView);
  const showAccounts = useUiStore((state) => state.showAccounts);
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-accounts-heading">
      <div className="sidebar-heading">
        <h2 id="sidebar-accounts-heading">Accounts</h2>
        <button type="button" className="link" onClick={showAccounts} aria-current={view.kind === 'accounts' ? 'page' : undefined} data-testid="manage-accounts">
          Manage
        </button>
      </div>
      <ul className="sidebar-list">
        {accounts.map((account) => (
          <li
            key={account.id}
            className="sidebar-account"
            data-testid="sidebar-account"
            data-account-kind={account.kind}
            data-account-address={account.kind === 'sip' ? account.settings.address : ''}
          >
            <span className="sidebar-account-title">{accountTitle(account)}</span>
            {account.kind === 'sip' ? (
              <RegistrationBadge registration={account.registration} enabled={account.enabled} withAdvice />
            ) : (
              <span className="badge" data-state={account.enabled ? 'lan' : 'off'} data-testid="registration-badge">
                {account.enabled ? 'Local network' : 'Account off'}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
