import { Writable } from 'node:stream';
import { coalesceWrites } from './coalesce-writes';

/** A writable that records how its chunks arrive: one entry per write or writev call. */
function recorder(): { stream: Writable; calls: string[][] } {
  const calls: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      calls.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      calls.push(chunks.map((c) => (c.chunk as Buffer).toString()));
      done();
    },
  });
  return { stream, calls };
}

describe('coalesceWrites', () => {
  it('sends the writes of one tick together, in order, and the next tick on its own', async () => {
    const { stream, calls } = recorder();
    coalesceWrites(stream);
    stream.write('a');
    stream.write('b');
    stream.write('c');
    expect(calls).toEqual([]);
    await new Promise(process.nextTick);
    expect(calls).toEqual([['a', 'b', 'c']]);
    stream.write('d');
    await new Promise(setImmediate);
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('still calls each write callback', async () => {
    const { stream } = recorder();
    coalesceWrites(stream);
    const done = await new Promise<boolean>((resolve) =>
      stream.write('x', () => {
        resolve(true);
      }),
    );
    expect(done).toBe(true);
  });
});
