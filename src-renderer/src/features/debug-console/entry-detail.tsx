import type { ConsoleEntry } from '../../../../src-shared';

/** One entry's raw text (redacted in main) and where it belongs. */
export function EntryDetail({ entry }: { entry: ConsoleEntry }) {
  const where = [
    entry.remote === null ? null : `${entry.hop ?? 'remote'} ${entry.remote}`,
    entry.accountId === null ? null : `account ${entry.accountId}`,
    entry.sessionId === null ? null : `session ${entry.sessionId}`,
    entry.callId === null ? null : `Call-ID ${entry.callId}`,
  ].filter((part) => part !== null);
  return (
    <section className="console-detail" aria-label={`Entry ${entry.id}`} data-testid="console-entry-detail">
      <h3>
        #{entry.id} {entry.summary}
      </h3>
      {where.length > 0 ? <p className="console-where">{where.join(' · ')}</p> : null}
      <pre tabIndex={0} data-testid="console-entry-text">
        {entry.text}
      </pre>
    </section>
  );
}
