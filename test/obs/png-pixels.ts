// Test helper: decodes an 8-bit RGB or RGBA PNG (what Chromium's screenshots are) into
// pixels, so a test can look at a screenshot without an image library.
import { inflateSync } from 'node:zlib';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes a pixel. */
  at(x: number, y: number): readonly [number, number, number, number];
}

export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || (body[9] !== 2 && body[9] !== 6) || body[12] !== 0) throw new Error('only 8-bit RGB or RGBA, not interlaced');
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let row = 0; row < height; row++) unfilter(raw, pixels, row, stride, channels);
  return {
    width,
    height,
    at(x, y) {
      const start = y * stride + x * channels;
      return [pixels[start] as number, pixels[start + 1] as number, pixels[start + 2] as number, channels === 4 ? (pixels[start + 3] as number) : 255];
    },
  };
}

function unfilter(raw: Buffer, out: Buffer, row: number, stride: number, channels: number): void {
  const filter = raw[row * (stride + 1)] as number;
  const source = row * (stride + 1) + 1;
  const target = row * stride;
  for (let index = 0; index < stride; index++) {
    const value = raw[source + index] as number;
    const left = index >= channels ? (out[target + index - channels] as number) : 0;
    const up = row > 0 ? (out[target - stride + index] as number) : 0;
    const upLeft = row > 0 && index >= channels ? (out[target - stride + index - channels] as number) : 0;
    let predicted = 0;
    if (filter === 1) predicted = left;
    else if (filter === 2) predicted = up;
    else if (filter === 3) predicted = (left + up) >> 1;
    else if (filter === 4) predicted = paeth(left, up, upLeft);
    out[target + index] = (value + predicted) & 0xff;
  }
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}
