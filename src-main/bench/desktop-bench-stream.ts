import { performance } from 'node:perf_hooks';
import type { RfbTestClient } from '../../e2e/peers/rfb-test-client';
import type { Rect, XClient } from '../../e2e/peers/xvfb';

/** The desktop benchmark's changing screen and its viewer loop, measured in windows. */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface ScreenChangerOptions {
  readonly width: number;
  readonly height: number;
  /** Paints a second. */
  readonly hz: number;
  /** Tiles of the 4×4 grid filled per paint. */
  readonly tiles: number;
}

/** Repaints the screen `hz` times a second while running; counts the paints the X server completed. */
export class ScreenChanger {
  readonly #painter: XClient;
  readonly #options: ScreenChangerOptions;
  #running = false;
  #loop: Promise<void> = Promise.resolve();
  #tick = 0;
  paints = 0;
  error: unknown;

  constructor(painter: XClient, options: ScreenChangerOptions) {
    this.#painter = painter;
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      const period = 1000 / this.#options.hz;
      let next = performance.now();
      while (this.#running) {
        await this.#painter.fillRects(this.#rects(this.#tick++));
        this.paints++;
        next += period;
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        else next = performance.now();
      }
    })().catch((error: unknown) => {
      // The display went away (the run is being stopped): the stream phases see it as a still screen.
      this.#running = false;
      this.error = error;
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  /** A rotating band of `tiles` tiles of the 4×4 grid, each in a colour it did not have last time. */
  #rects(tick: number): Rect[] {
    const { width, height, tiles } = this.#options;
    const tileW = Math.floor(width / 4);
    const tileH = Math.floor(height / 4);
    const rects: Rect[] = [];
    for (let k = 0; k < tiles; k++) {
      const tile = (tick * tiles + k) % 16;
      const seed = (tick * 2654435761 + tile * 40503) >>> 0;
      rects.push({ x: (tile % 4) * tileW, y: Math.floor(tile / 4) * tileH, width: tileW, height: tileH, rgb: seed & 0xffffff });
    }
    return rects;
  }
}

export interface StreamFigures {
  readonly fps: number;
  readonly mbS: number;
  readonly frames: number;
  readonly bytes: number;
  readonly emptyUpdates: number;
  readonly paintsS: number;
}

/**
 * The viewer's loop: one full (non-incremental) update first, then request incremental, read the update,
 * repeat, until the connection ends. Windows of it are measured by snapshots of its counters; an update
 * still in flight at the end of a window counts for its bytes only.
 */
export class Follower {
  readonly viewer: RfbTestClient;
  readonly firstFullMs: Promise<number>;
  frames = 0;
  emptyUpdates = 0;
  #warmedUp = false;

  constructor(viewer: RfbTestClient) {
    this.viewer = viewer;
    const startedAt = performance.now();
    let resolveFirst: (ms: number) => void = () => undefined;
    this.firstFullMs = new Promise((resolve) => (resolveFirst = resolve));
    void (async () => {
      viewer.requestUpdate(false);
      while ((await viewer.readUpdate()) === 0);
      resolveFirst(performance.now() - startedAt);
      for (;;) {
        viewer.requestUpdate(true);
        if ((await viewer.readUpdate()) > 0) this.frames++;
        else this.emptyUpdates++;
      }
    })().catch(() => resolveFirst(Number.NaN));
  }

  /** One window of `ms`; the first window of a viewer is preceded by `warmUpMs` of untimed streaming. */
  async measure(changer: ScreenChanger, ms: number, options: { readonly warmUpMs: number; readonly stopping: () => boolean }): Promise<StreamFigures> {
    await this.firstFullMs;
    if (!this.#warmedUp) {
      // Untimed: JIT, socket buffers, x11vnc's first scans after the full frame.
      this.#warmedUp = true;
      await sleep(options.warmUpMs);
    }
    const before = { frames: this.frames, empty: this.emptyUpdates, bytes: this.viewer.received, paints: changer.paints, at: performance.now() };
    await sleep(ms);
    if (options.stopping()) throw new Error('interrupted');
    const seconds = (performance.now() - before.at) / 1000;
    const frames = this.frames - before.frames;
    const bytes = this.viewer.received - before.bytes;
    return { fps: frames / seconds, mbS: bytes / 1e6 / seconds, frames, bytes, emptyUpdates: this.emptyUpdates - before.empty, paintsS: (changer.paints - before.paints) / seconds };
  }
}
