import { Writable } from 'node:stream';

/** A stream to hand a logger as its destination; `lines` holds what it wrote, one entry per line. */
export function captureLines(): Writable & { lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return Object.assign(stream, { lines });
}
