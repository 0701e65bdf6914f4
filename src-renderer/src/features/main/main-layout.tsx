import { AccountsScreen } from '../accounts/accounts-screen';
import { ChatNotifier } from '../chat/chat-notifier';
import { ConversationPane } from '../chat/conversation-pane';
import { SearchResults } from '../chat/search-results';
import { DebugConsoleDock } from '../debug-console/debug-console-dock';
import { NewSessionForm } from '../sessions/new-session-form';
import { SessionPane } from '../sessions/session-pane';
import { SettingsPage } from '../settings/settings-page';
import { TransfersPage } from '../transfers/transfers-page';
import { useUiStore } from '../../stores/ui-store';
import { useOpenConversationRequests } from './open-conversation-feed';
import { Sidebar } from './sidebar';

/** The main screen once Parley is set up: accounts and sessions on the side, the chosen one in the main pane. */
export function MainLayout() {
  const view = useUiStore((state) => state.mainView);
  // The desktop app's notification was clicked: show that conversation.
  useOpenConversationRequests();
  return (
    <div className="main-layout" data-testid="main-layout">
      <Sidebar />
      <main className="main-pane" data-testid="main-pane">
        {view.kind === 'accounts' ? <AccountsScreen /> : null}
        {view.kind === 'new-session' ? <NewSessionForm /> : null}
        {/* Keyed by id: another session starts with its own state (errors, focus), not the last one's. */}
        {view.kind === 'session' ? <SessionPane key={view.id} id={view.id} /> : null}
        {view.kind === 'conversation' ? <ConversationPane key={`${view.accountId} ${view.conversation} ${view.focusMessageId ?? ''}`} target={view} /> : null}
        {view.kind === 'search' ? <SearchResults /> : null}
        {view.kind === 'transfers' ? <TransfersPage /> : null}
        {view.kind === 'settings' ? <SettingsPage /> : null}
      </main>
      <ChatNotifier />
      <DebugConsoleDock />
    </div>
  );
}
