import type { MessagePort } from 'node:worker_threads';

/** One job for a sandbox worker: the module that runs it, its data, and where to say it began. */
export interface SandboxTask {
  job: string;
  payload: unknown;
  started: MessagePort;
}

type JobHandler = (payload: unknown) => unknown;

const handlers = new Map<string, JobHandler>();

async function handlerOf(job: string): Promise<JobHandler> {
  const known = handlers.get(job);
  if (known) return known;
  const loaded = (await import(job)) as { default?: unknown };
  if (typeof loaded.default !== 'function') throw new Error(`sandbox job ${job} has no default export`);
  const handler = loaded.default as JobHandler;
  handlers.set(job, handler);
  return handler;
}

/** The worker entry: loads the job's module (trusted code, outside the limit), then runs the job. */
export default async function runSandboxTask(task: SandboxTask): Promise<unknown> {
  const handler = await handlerOf(task.job);
  task.started.postMessage('started');
  task.started.close();
  return handler(task.payload);
}
