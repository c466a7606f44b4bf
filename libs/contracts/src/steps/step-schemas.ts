import { compilePayloadSchema } from '../envelope/validate-envelope';
import { StepDispatchPayload } from './step-dispatch';
import { STEP_OUTCOMES, StepResultPayload } from './step-result';

// The same rules as the classes' decorators; class-validator's @IsOptional also lets null through.
const uuid = { type: 'string', format: 'uuid' };
const positive = { type: 'integer', minimum: 1 };
const optional = (schema: object): object => ({ anyOf: [{ type: 'null' }, schema] });

compilePayloadSchema(StepDispatchPayload, {
  type: 'object',
  required: ['runId', 'stepId', 'attempt', 'capability'],
  properties: {
    runId: uuid,
    stepId: { type: 'string' },
    attempt: positive,
    capability: { type: 'string' },
    action: optional({ type: 'string' }),
    params: optional({ type: 'object' }),
    deadline: optional({ type: 'string' }),
  },
});

compilePayloadSchema(StepResultPayload, {
  type: 'object',
  required: ['runId', 'stepId', 'attempt', 'taskId', 'outcome', 'agentId', 'durationMs'],
  properties: {
    runId: uuid,
    stepId: { type: 'string' },
    attempt: positive,
    taskId: uuid,
    outcome: { type: 'string', enum: [...STEP_OUTCOMES] },
    error: optional({
      type: 'object',
      required: ['code', 'message', 'retryable'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, retryable: { type: 'boolean' } },
    }),
    agentId: { type: 'string' },
    durationMs: { type: 'integer', minimum: 0 },
  },
});
