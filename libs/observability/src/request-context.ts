import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and outgoing message inherits from the work in progress. */
export interface RequestContext {
  correlationId: string;
  tenantId?: string;
  runId?: string;
  stepId?: string;
  messageId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
};
