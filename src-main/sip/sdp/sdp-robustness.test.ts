import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMsrpAnswer } from './build-msrp-answer';
import { buildMsrpOffer } from './build-msrp-offer';
import { classifyOffer } from './classify-offer';
import { parseSessionDescription } from './parse-session-description';
import { readMsrpMedia } from './read-msrp-media';
import { SdpError } from './sdp-error';
import { serializeSessionDescription } from './serialize-session-description';
import { MIXED_OFFER } from './test-support/blink-offers';

/** Runs `work`; only an SdpError may escape (bad network input never becomes another exception). */
function onlySdpErrors(work: () => unknown): void {
  try {
    work();
  } catch (error) {
    if (!(error instanceof SdpError)) throw error;
    // A plain check: this runs thousands of times and expect() would dominate the run time.
    if (error.status !== 400 && error.status !== 488) throw new Error(`unexpected status ${String(error.status)}`);
  }
}

const LINES = MIXED_OFFER.split('\r\n').filter((line) => line.length > 0);

describe('robustness', () => {
  it('arbitrary text throws nothing but SdpError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => onlySdpErrors(() => parseSessionDescription(text))), { numRuns: 500 });
  });

  it('mutated Blink offers parse, classify and answer or fail with SdpError', () => {
    const mutation = fc.record({
      drop: fc.array(fc.nat(LINES.length - 1), { maxLength: 3 }),
      edit: fc.array(fc.tuple(fc.nat(LINES.length - 1), fc.nat(80), fc.string({ maxLength: 4 })), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(mutation, ({ drop, edit }) => {
        const lines = [...LINES];
        for (const [index, at, text] of edit) {
          const line = lines[index] as string;
          lines[index] = line.slice(0, at) + text + line.slice(at + text.length);
        }
        const body = lines.filter((_line, i) => !drop.includes(i)).join('\r\n');
        onlySdpErrors(() => {
          const offer = parseSessionDescription(body);
          // A parsed body always serializes and re-parses to the same model.
          expect(parseSessionDescription(serializeSessionDescription(offer))).toEqual(offer);
          classifyOffer(offer);
          buildMsrpAnswer({
            offer,
            origin: { sessionId: '1', sessionVersion: '1', address: '198.51.100.1' },
            decide: () => ({ endpoint: { path: ['msrps://198.51.100.1:2855/abc;tcp'] } }),
          });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('any file name survives a whole offer on the wire', () => {
    const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter((text) => !/[\uD800-\uDFFF]/u.test(text));
    fc.assert(
      fc.property(name, (fileName) => {
        const offer = buildMsrpOffer({
          origin: { sessionId: '1', sessionVersion: '1', address: '198.51.100.1' },
          streams: [
            {
              role: 'file-sender',
              endpoint: { path: ['msrps://198.51.100.1:2855/abc;tcp'] },
              file: {
                selector: { name: fileName, type: undefined, size: 1, hashes: [] },
                transferId: 't',
                disposition: undefined,
                date: undefined,
                icon: undefined,
                range: undefined,
                xFileOffset: true,
              },
            },
          ],
        });
        const parsed = parseSessionDescription(serializeSessionDescription(offer));
        expect(parsed.media).toHaveLength(1);
        expect(readMsrpMedia(parsed.media[0]!, parsed).file?.selector.name).toBe(fileName);
      }),
      { numRuns: 300 },
    );
  });
});
