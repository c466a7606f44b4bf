import type { GatewayClient } from './test-fleet';

export interface Step {
  stepId: string;
  status: string;
  attempt: number;
  output: unknown;
  error: { code: string } | null;
}

export interface HistoryEvent {
  type: string;
  stepId: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

export interface RunHelpers {
  /** Creates the workflow and starts a run of it; returns the run id. */
  start: (workflow: object, input?: unknown) => Promise<string>;
  steps: (run: Record<string, unknown>) => Record<string, Step>;
  history: (runId: string) => Promise<HistoryEvent[]>;
}

/** Starting runs and reading their steps and history over the gateway, for engine tests. */
export function runHelpers(gw: GatewayClient): RunHelpers {
  return {
    start: async (workflow, input = { x: ' 1 ' }) => {
      const created = await gw.request('POST', '/workflows', workflow);
      expect(created.status).toBe(201);
      const name = (workflow as { name: string }).name;
      const started = await gw.request('POST', `/workflows/${name}/execute`, { input });
      expect(started.status).toBe(202);
      return String(started.body.runId);
    },
    steps: (run) => Object.fromEntries((run.steps as Step[]).map((s) => [s.stepId, s])),
    history: async (runId) => (await gw.request<HistoryEvent[]>('GET', `/runs/${runId}/history`)).body,
  };
}
