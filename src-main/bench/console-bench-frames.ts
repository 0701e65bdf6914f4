/**
 * Renderer frame times for the console benchmark: a script injected into the page before the renderer loads
 * records requestAnimationFrame intervals between `start()` and `stop()`, and `frameFigures` sums them up.
 * The script is text (it runs in the page, and this folder compiles without the DOM library).
 */

/** Where the injected sampler lives on the page's `window`. */
export const FRAME_SAMPLER = '__parleyBenchFrames';

/** A frame longer than this is a long frame: the page visibly stalls (three frames lost at 60 Hz). */
export const LONG_FRAME_MS = 50;

export const FRAME_SAMPLER_SCRIPT = `(() => {
  let intervals = [];
  let last = 0;
  let running = false;
  const tick = (now) => {
    if (!running) return;
    if (last > 0) intervals.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  Object.defineProperty(window, ${JSON.stringify(FRAME_SAMPLER)}, {
    value: {
      start() {
        intervals = [];
        last = 0;
        if (!running) {
          running = true;
          requestAnimationFrame(tick);
        }
      },
      stop() {
        running = false;
        return intervals;
      },
    },
  });
})();`;

export const START_FRAMES = `window[${JSON.stringify(FRAME_SAMPLER)}].start()`;
export const STOP_FRAMES = `window[${JSON.stringify(FRAME_SAMPLER)}].stop()`;

export interface FrameFigures {
  readonly frames: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly max_ms: number;
  /** Frames longer than LONG_FRAME_MS. */
  readonly long_frames: number;
}

/** Nearest-rank percentiles of the frame intervals (ms). */
export function frameFigures(intervals: readonly number[]): FrameFigures {
  const sorted = [...intervals].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return {
    frames: sorted.length,
    p50_ms: rank(50),
    p95_ms: rank(95),
    max_ms: sorted.at(-1) ?? 0,
    long_frames: sorted.filter((interval) => interval > LONG_FRAME_MS).length,
  };
}
