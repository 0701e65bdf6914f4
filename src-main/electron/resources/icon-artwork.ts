import type { RgbaImage } from './png-encoder';

/**
 * Parley's icon, drawn from signed distance functions so every size is rendered crisply rather than scaled:
 * a rounded square in a teal-to-blue gradient holding a white speech bubble with three dots (chat over SIP).
 * Coordinates are in the unit square, y down; a distance < 0 is inside.
 */
type Point = readonly [number, number];

const TOP: readonly [number, number, number] = [0x22, 0xb5, 0xa6];
const BOTTOM: readonly [number, number, number] = [0x1d, 0x5c, 0xc4];
const DOT: readonly [number, number, number] = [0x1f, 0x7d, 0xbb];

function roundedBox(p: Point, center: Point, half: Point, radius: number): number {
  const qx = Math.abs(p[0] - center[0]) - half[0] + radius;
  const qy = Math.abs(p[1] - center[1]) - half[1] + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function circle(p: Point, center: Point, radius: number): number {
  return Math.hypot(p[0] - center[0], p[1] - center[1]) - radius;
}

/** Intersection of the half-planes left of each edge (counter-clockwise on screen): exact near the edges. */
function triangle(p: Point, corners: readonly [Point, Point, Point]): number {
  let distance = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < 3; index += 1) {
    const [ax, ay] = corners[index] as Point;
    const [bx, by] = corners[(index + 1) % 3] as Point;
    const length = Math.hypot(bx - ax, by - ay);
    distance = Math.max(distance, ((p[0] - ax) * (by - ay) - (p[1] - ay) * (bx - ax)) / length);
  }
  return distance;
}

const background = (p: Point): number => roundedBox(p, [0.5, 0.5], [0.44, 0.44], 0.2);
const bubble = (p: Point): number =>
  Math.min(
    roundedBox(p, [0.5, 0.46], [0.29, 0.2], 0.11),
    triangle(p, [
      [0.3, 0.6],
      [0.46, 0.6],
      [0.27, 0.79],
    ]),
  );
const dots = (p: Point): number => Math.min(circle(p, [0.37, 0.46], 0.048), circle(p, [0.5, 0.46], 0.048), circle(p, [0.63, 0.46], 0.048));

export function renderIcon(size: number): RgbaImage {
  const rgba = new Uint8Array(size * size * 4);
  // Coverage of a pixel by a shape from its distance: a one-pixel ramp centred on the edge.
  const cover = (distance: number): number => Math.min(1, Math.max(0, 0.5 - distance * size));
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const p: Point = [(x + 0.5) / size, (y + 0.5) / size];
      const t = p[1];
      let color = TOP.map((top, channel) => top + ((BOTTOM[channel] as number) - top) * t);
      const white = cover(bubble(p));
      color = color.map((value) => value + (255 - value) * white);
      const dot = cover(dots(p)) * white;
      color = color.map((value, channel) => value + ((DOT[channel] as number) - value) * dot);
      const offset = (y * size + x) * 4;
      rgba.set([...color.map((value) => Math.round(value)), Math.round(255 * cover(background(p)))], offset);
    }
  }
  return { width: size, height: size, rgba };
}
