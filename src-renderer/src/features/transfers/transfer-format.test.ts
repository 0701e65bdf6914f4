import { describe, expect, it } from 'vitest';
import { transferView } from '../../test-support/fixtures';
import { describeTransfer, formatBytes, formatEta, formatSpeed, offerAnnouncement, progressPercent } from './transfer-format';

describe('transfer formatting', () => {
  it('writes sizes in decimal units with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(12_345_678)).toBe('12 MB');
    expect(formatBytes(999_999)).toBe('1 MB');
    expect(formatBytes(3_400_000_000)).toBe('3.4 GB');
    expect(formatBytes(5e15)).toBe('5000 TB');
    expect(formatBytes(null)).toBe('unknown size');
    expect(formatBytes(-1)).toBe('unknown size');
    expect(formatBytes(Number.NaN)).toBe('unknown size');
  });

  it('writes speeds per second, and a dash before anything was measured', () => {
    expect(formatSpeed(0)).toBe('—');
    expect(formatSpeed(512)).toBe('512 B/s');
    expect(formatSpeed(1_250_000)).toBe('1.3 MB/s');
    expect(formatSpeed(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('writes the time left, never zero, and says when it is unknown', () => {
    expect(formatEta(null)).toBe('time left unknown');
    expect(formatEta(0)).toBe('1 s left');
    expect(formatEta(0.2)).toBe('1 s left');
    expect(formatEta(42)).toBe('42 s left');
    expect(formatEta(245)).toBe('4 min 05 s left');
    expect(formatEta(7_260)).toBe('2 h 1 min left');
    expect(formatEta(-5)).toBe('time left unknown');
  });

  it('gives whole percents, 100 when completed, and none for an unknown total', () => {
    expect(progressPercent(transferView({ bytes: 500_000, total: 2_000_000 }))).toBe(25);
    expect(progressPercent(transferView({ bytes: 1_999_999, total: 2_000_000 }))).toBe(99);
    expect(progressPercent(transferView({ bytes: 3, total: 2, state: 'transferring' }))).toBe(100);
    expect(progressPercent(transferView({ total: null }))).toBeNull();
    expect(progressPercent(transferView({ bytes: 0, total: 0, state: 'completed' }))).toBe(100);
  });

  it('says the state from the user\u2019s side, with the failure in words by its code', () => {
    expect(describeTransfer(transferView({ direction: 'incoming', state: 'offered' }))).toBe('Waiting for your answer');
    expect(describeTransfer(transferView({ direction: 'outgoing', state: 'declined' }))).toBe('Declined by the other side');
    expect(describeTransfer(transferView({ direction: 'incoming', state: 'declined' }))).toBe('Declined');
    expect(describeTransfer(transferView({ state: 'failed', failure: { code: 'connection-lost', message: 'socket closed' } }))).toMatch(/^Failed: the connection was lost/);
  });

  it('announces an offer with its sender, name, size and type', () => {
    expect(offerAnnouncement(transferView({ direction: 'incoming', peerDisplayName: null, peer: 'sip:bob@example.org' }))).toBe(
      'bob@example.org offers the file report.pdf (2 MB, application/pdf).',
    );
  });
});
