import { extname, join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Piscina from 'piscina';
import type { SandboxTask } from './sandbox.worker';

export type ExpressionLimitCode = 'EXPRESSION_TIMEOUT' | 'EXPRESSION_MEMORY_LIMIT';

/** An evaluation stopped by a hard limit (time or memory); its worker was terminated. Never worth a retry. */
export class ExpressionLimitError extends Error {
  constructor(
    readonly code: ExpressionLimitCode,
    message: string,
    readonly details: Record<string, number>,
  ) {
    super(message);
    this.name = 'ExpressionLimitError';
  }
}

export class ExpressionTimeoutError extends ExpressionLimitError {
  constructor(readonly limitMs: number) {
    super('EXPRESSION_TIMEOUT', `expression evaluation exceeded its ${limitMs} ms limit and was stopped`, {
      limitMs,
    });
    this.name = 'ExpressionTimeoutError';
  }
}

/** The worker passed its heap limit (an expression that builds ever larger values) and was terminated. */
export class ExpressionMemoryLimitError extends ExpressionLimitError {
  constructor(readonly limitMb: number) {
    super(
      'EXPRESSION_MEMORY_LIMIT',
      `expression evaluation exceeded its ${limitMb} MB memory limit and was stopped`,
      {
        limitMb,
      },
    );
    this.name = 'ExpressionMemoryLimitError';
  }
}

/** Two cores per box: one worker keeps a hostile expression from starving the next one. */
const THREADS = 2;
const IDLE_MS = 60_000;
const EXTENSION = extname(__filename);
/**
 * A worker that allocates past this is terminated; the app's own heap is untouched. Under tests
 * the worker also holds the TypeScript compiler that loads its sources (ts-worker-entry.js).
 */
const WORKER_HEAP_MB = EXTENSION === '.ts' ? 1024 : 256;

/** The path of a job module beside `dir`, as the sandbox loads it (`.ts` in tests, `.js` when built). */
export function sandboxJob(dir: string, name: string): string {
  return join(dir, `${name}${EXTENSION}`);
}

/**
 * Runs user-expression jobs on worker threads. A job's hard limit counts from the moment a worker
 * starts it (not while it waits behind others); when it passes, piscina terminates that worker,
 * so a synchronous loop cannot hold the event loop of the app, only one replaceable thread.
 */
@Injectable()
export class ExpressionSandbox implements OnApplicationShutdown {
  private readonly logger = new Logger(ExpressionSandbox.name);
  private pool: Piscina | undefined;
  private closed = false;

  async run<R>(job: string, payload: unknown, limitMs: number): Promise<R> {
    const { port1, port2 } = new MessageChannel();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    port1.once('message', () => {
      timer = setTimeout(() => {
        controller.abort();
      }, limitMs);
    });
    const task: SandboxTask = { job, payload, started: port2 };
    try {
      return (await this.workers().run(task, { transferList: [port2], signal: controller.signal })) as R;
    } catch (error) {
      if (controller.signal.aborted) throw new ExpressionTimeoutError(limitMs);
      if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw new ExpressionMemoryLimitError(WORKER_HEAP_MB);
      throw error;
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }

  /** Live worker threads; none before the first job and after close. */
  get threadCount(): number {
    return this.pool?.threads.length ?? 0;
  }

  private workers(): Piscina {
    if (this.closed) throw new Error('the expression sandbox is closed (the app is shutting down)');
    this.pool ??= new Piscina({
      filename: join(__dirname, EXTENSION === '.ts' ? 'ts-worker-entry.js' : 'sandbox.worker.js'),
      minThreads: 1,
      maxThreads: THREADS,
      idleTimeout: IDLE_MS,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // A worker that dies holding no task (out of memory after its job was aborted, say) is
    // reported by piscina as an 'error' event; unheard, it would take the whole app down.
    this.pool.on('error', (error: Error) => {
      this.logger.warn(`an expression worker stopped outside a job and was replaced: ${error.message}`);
    });
    return this.pool;
  }
}
