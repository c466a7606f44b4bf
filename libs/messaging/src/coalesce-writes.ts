import type { Writable } from 'node:stream';

/**
 * Makes every write to `socket` in one tick leave in one syscall. amqplib writes each frame it
 * multiplexes (a publish, each ack) with its own `write`, and with Nagle off (`noDelay`, for
 * latency) each became a syscall: under load the broker socket's writes were 5–15 % of an app's
 * CPU. Corked at the first write of a tick and uncorked on the next tick, the frames go out
 * together (writev) before the event loop waits for I/O again, so nothing is delayed.
 */
export function coalesceWrites(socket: Writable): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Writable['write'];
}
