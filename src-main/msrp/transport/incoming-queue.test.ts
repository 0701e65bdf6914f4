import { describe, expect, it } from 'vitest';
import { IncomingQueue } from './incoming-queue';

function queue(): { q: IncomingQueue<string>; pressure: boolean[] } {
  const pressure: boolean[] = [];
  const q = new IncomingQueue<string>({ highWaterMark: 10, lowWaterMark: 4, onPressure: (paused) => pressure.push(paused) });
  return { q, pressure };
}

describe('IncomingQueue', () => {
  it('signals pressure above the high mark and relief at the low mark', async () => {
    const { q, pressure } = queue();
    q.push({ kind: 'start', head: 'h' });
    q.push({ kind: 'data', data: Buffer.alloc(6) });
    expect(pressure).toEqual([]);
    q.push({ kind: 'data', data: Buffer.alloc(6) });
    expect(pressure).toEqual([true]);
    expect(q.bufferedBytes).toBe(12);
    expect(await q.next()).toEqual({ kind: 'start', head: 'h' });
    await q.next();
    expect(pressure).toEqual([true]);
    await q.next();
    expect(pressure).toEqual([true, false]);
    expect(q.paused).toBe(false);
  });

  it('hands a piece straight to a waiting reader, in order, and ends with null or the error', async () => {
    const { q } = queue();
    const waiting = q.next();
    q.push({ kind: 'end', flag: '$' });
    expect(await waiting).toEqual({ kind: 'end', flag: '$' });
    q.push({ kind: 'start', head: 'x' });
    q.end();
    expect(await q.next()).toEqual({ kind: 'start', head: 'x' });
    expect(await q.next()).toBeNull();
    const failed = queue().q;
    const pending = failed.next();
    failed.end(new Error('lost'));
    await expect(pending).rejects.toThrow('lost');
  });

  it('puts pieces back in front and counts their bytes', async () => {
    const { q } = queue();
    q.push({ kind: 'end', flag: '$' });
    q.unshift({ kind: 'start', head: 'a' }, { kind: 'data', data: Buffer.from('xy') });
    expect(q.bufferedBytes).toBe(2);
    expect((await q.next())?.kind).toBe('start');
    expect((await q.next())?.kind).toBe('data');
    expect((await q.next())?.kind).toBe('end');
    expect(q.poll()).toBeUndefined();
  });

  it('wakes a waiting reader when pieces are put back', async () => {
    const { q } = queue();
    const waiting = q.next();
    q.unshift({ kind: 'start', head: 'back' });
    expect(await waiting).toEqual({ kind: 'start', head: 'back' });
  });

  it('refuses two concurrent readers', async () => {
    const { q } = queue();
    void q.next();
    await expect(q.next()).rejects.toThrow(/concurrent/);
  });
});
