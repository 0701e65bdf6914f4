import { useUiStore } from '../../stores/ui-store';
import { ConversationList } from '../chat/conversation-list';
import { SessionsList } from '../sessions/sessions-list';
import { TransfersSidebar } from '../transfers/transfers-sidebar';
import { SidebarAccounts } from './sidebar-accounts';

/** Always in view: how each account is doing, the sessions, and the way to start a new one. */
export function Sidebar() {
  const view = useUiStore((state) => state.mainView);
  const showNewSession = useUiStore((state) => state.showNewSession);
  const showSettings = useUiStore((state) => state.showSettings);
  return (
    <nav className="sidebar" aria-label="Accounts, conversations and sessions" data-testid="sidebar">
      <button
        type="button"
        className="primary new-session-button"
        onClick={showNewSession}
        aria-current={view.kind === 'new-session' ? 'page' : undefined}
        data-testid="new-session"
      >
        New session
      </button>
      <SidebarAccounts />
      <ConversationList />
      <SessionsList />
      <TransfersSidebar />
      <button
        type="button"
        className="link sidebar-settings"
        onClick={showSettings}
        aria-current={view.kind === 'settings' ? 'page' : undefined}
        data-testid="open-settings"
      >
        Settings
      </button>
    </nav>
  );
}
