import type { ConsoleEntry } from '../../../src-shared';

/** The console's entries as one text file: a header line per entry, then its (already redacted) text. */
export function formatConsoleExport(entries: readonly ConsoleEntry[], meta: { readonly dropped: number; readonly now: number }): string {
  const lines = [`Parley debug console export, ${new Date(meta.now).toISOString()}: ${entries.length} entries (${meta.dropped} older ones dropped)`, ''];
  for (const entry of entries) {
    const arrow = entry.direction === 'out' ? '>>' : entry.direction === 'in' ? '<<' : '--';
    const where = [entry.remote === null ? null : `${entry.hop ?? 'remote'} ${entry.remote}`, entry.accountId === null ? null : `account ${entry.accountId}`, entry.callId === null ? null : `call ${entry.callId}`]
      .filter((part) => part !== null)
      .join(', ');
    lines.push(`#${entry.id} ${new Date(entry.time).toISOString()} ${entry.kind} ${arrow} ${entry.summary}${where === '' ? '' : ` [${where}]`}`);
    lines.push(entry.text.replace(/\r\n/g, '\n'));
    lines.push('');
  }
  return lines.join('\n');
}

export function exportFileName(now: number): string {
  return `parley-console-${new Date(now).toISOString().replace(/[:.]/g, '-')}.txt`;
}
