import { afterEach, describe, expect, it } from 'vitest';
import { createBridge } from '../bridge/bridge';
import { useUiStore } from '../stores/ui-store';
import { FakeAdapter } from '../test-support/fake-adapter';
import { snapshot } from '../test-support/fixtures';
import { renderWithBridge } from '../test-support/render';
import { ConnectionBanner } from './connection-banner';
import { problemKey, StorageProblemsBanner, visibleProblems } from './storage-problems-banner';

const initialUi = useUiStore.getState();
afterEach(() => useUiStore.setState(initialUi, true));

describe('banners', () => {
  it('shows the connection banner only while disconnected', () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    expect(renderWithBridge(bridge, <ConnectionBanner />)).toBe('');
    adapter.setConnection('disconnected');
    expect(renderWithBridge(bridge, <ConnectionBanner />)).toContain('Reconnecting');
  });

  it('lists storage problems until each is dismissed', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    adapter.answerSnapshot({
      ...snapshot(1),
      storageProblems: [
        { file: 'accounts', message: 'accounts.json was unreadable; moved aside.' },
        { file: 'secrets', message: 'secrets.json was unreadable.' },
      ],
    });
    await bridge.whenSynced();
    expect(renderWithBridge(bridge, <StorageProblemsBanner />).match(/data-testid="storage-problem"/g)).toHaveLength(2);
    const problems = bridge.mirror.app.getState().storageProblems;
    useUiStore.getState().dismissProblem(problemKey(problems[0]!));
    const visible = visibleProblems(problems, useUiStore.getState().dismissedProblems);
    expect(visible.map((problem) => problem.file)).toEqual(['secrets']);
  });
});
