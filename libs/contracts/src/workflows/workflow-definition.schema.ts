import { bodySchema } from '../schemas/body-validator';
import type { Assert, FromSchema, SameType } from '../schemas/from-schema';
import { CAPABILITY_PATTERN, STEP_ID_PATTERN, type WorkflowDefinition } from './workflow-definition';

/** The bounds of a workflow definition; the schema below is the one place they are enforced. */
export const WORKFLOW_LIMITS = {
  maxSteps: 200,
  maxAttempts: 100,
  maxInitialDelayMs: 3_600_000,
  maxDelayMs: 86_400_000,
  minTimeoutMs: 100,
  maxTimeoutMs: 86_400_000,
} as const;

export const WORKFLOW_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

const jsonata = (description: string) => ({ type: 'string', description }) as const;

const TASK_PROPERTIES = {
  capability: {
    type: 'string',
    pattern: CAPABILITY_PATTERN.source,
    description: 'dot-separated lowercase names of letters, digits and "-" (e.g. "data.transform")',
  },
  action: {
    type: 'string',
    description: 'What the agent should do; the capability says which actions exist',
  },
  input: jsonata("JSONata over { input, steps }; its value is the task's input. Default: the run input"),
  params: {
    type: 'object',
    additionalProperties: true,
    description: 'Static parameters handed to the agent unchanged',
  },
} as const;

const TASK_SCHEMA = {
  type: 'object',
  required: ['capability'],
  additionalProperties: false,
  properties: TASK_PROPERTIES,
} as const;

const RETRY_SCHEMA = {
  type: 'object',
  description: 'Backoff between attempts of the step; maxDelayMs must not be less than initialDelayMs',
  required: ['maxAttempts'],
  additionalProperties: false,
  properties: {
    maxAttempts: { type: 'integer', minimum: 1, maximum: WORKFLOW_LIMITS.maxAttempts },
    backoff: { type: 'string', enum: ['fixed', 'exponential'] },
    initialDelayMs: { type: 'integer', minimum: 0, maximum: WORKFLOW_LIMITS.maxInitialDelayMs },
    maxDelayMs: { type: 'integer', minimum: 0, maximum: WORKFLOW_LIMITS.maxDelayMs },
    jitter: {
      type: 'boolean',
      description: 'Spread each delay uniformly over [delay/2, delay] so retries of many runs do not align',
    },
    nonRetryableErrors: {
      type: 'array',
      items: { type: 'string' },
      description: 'Error codes that fail the step at once, whatever attempts remain',
    },
  },
} as const;

const STEP_SCHEMA = {
  type: 'object',
  required: ['id', 'capability'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: STEP_ID_PATTERN.source,
      description: 'a letter followed by up to 63 letters, digits, "_" or "-"',
    },
    ...TASK_PROPERTIES,
    dependsOn: {
      type: 'array',
      items: { type: 'string' },
      uniqueItems: true,
      maxItems: WORKFLOW_LIMITS.maxSteps,
      description: 'Ids of other steps of this definition that must finish first (no cycles)',
    },
    when: jsonata('JSONata condition over { input, steps }; false skips the step'),
    retry: RETRY_SCHEMA,
    timeoutMs: {
      type: 'integer',
      minimum: WORKFLOW_LIMITS.minTimeoutMs,
      maximum: WORKFLOW_LIMITS.maxTimeoutMs,
      description: 'How long one attempt may take; without it a step waits for its result indefinitely',
    },
    onFailure: { type: 'string', enum: ['fail', 'continue', 'compensate'] },
    compensate: { ...TASK_SCHEMA, description: 'The task that undoes this step when the run is compensated' },
  },
} as const;

/**
 * The workflow definition as JSON Schema: the gateway validates request bodies with it, the
 * orchestrator checks it before what a schema cannot say (cycles, references, expressions), and
 * the OpenAPI document shows it as the `WorkflowDefinition` component.
 */
export const WORKFLOW_DEFINITION_SCHEMA = {
  type: 'object',
  required: ['name', 'steps'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      pattern: WORKFLOW_NAME_PATTERN.source,
      description: '1-63 lowercase letters, digits or "-", starting with a letter',
    },
    description: { type: 'string' },
    inputSchema: {
      type: 'object',
      additionalProperties: true,
      description: 'JSON Schema (draft-07) the run input must satisfy',
    },
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: WORKFLOW_LIMITS.maxSteps,
      items: STEP_SCHEMA,
    },
    output: jsonata("JSONata over { input, steps } giving the run output. Default: every step's output"),
  },
} as const;

export type WorkflowDefinitionSchemaType = FromSchema<typeof WORKFLOW_DEFINITION_SCHEMA>;
export type WorkflowDefinitionMatchesSchema = Assert<
  SameType<WorkflowDefinitionSchemaType, WorkflowDefinition>
>;

/** Every way `value` breaks the workflow definition schema, with its path (`steps[0].id`). */
export const workflowDefinitionProblems = bodySchema('WorkflowDefinition', WORKFLOW_DEFINITION_SCHEMA);
