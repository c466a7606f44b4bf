import { MAX_CURSOR_LENGTH } from '../paging/keyset-cursor';
import { bodySchema, type BodyCheck } from '../schemas/body-validator';
import { DATASET_LIMITS, createDatasetProblems } from '../schemas/dataset.schema';
import { RESOURCE_NAME_PATTERN } from '../schemas/versioned-resource.schema';
import { MAX_INT4 } from '../limits/storable';
import { MAX_PAGE_SIZE, RUN_STATUSES } from '../workflows/run-views';
import { CAPABILITY_PATTERN } from '../workflows/workflow-definition';
import type { RpcType } from './rpc-contracts';

/**
 * JSON Schemas of RPC requests, checked by the answering service with `checkedPayload` (messaging):
 * the one validation path of a bus boundary, with the same `[{ path, message }]` problems as HTTP
 * bodies. Not in the OpenAPI document (the bus is not the public API). Requests not listed here
 * are still checked by their handlers' own functions (see issue 9's closing note).
 */
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** Records a dataset page returns at most. */
export const MAX_DATASET_PAGE = 1000;
export const TRANSFORMATION_LIMITS = { maxExpressionLength: 20_000 } as const;
export const TRANSFORMATION_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';

const pageFields = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
  cursor: { type: 'string', maxLength: MAX_CURSOR_LENGTH },
} as const;

/** A bus request schema: checked like a body schema, not shown in the OpenAPI document. */
const busSchema = (name: string, schema: object): BodyCheck => bodySchema(name, schema, '', false);

const pageRequest = busSchema('PageRequestRpc', { type: 'object', properties: pageFields });

export const AGENT_HEALTHS = ['healthy', 'unhealthy', 'draining', 'offline'] as const;

const resourceName = {
  type: 'string',
  pattern: RESOURCE_NAME_PATTERN.source,
  description: '1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
} as const;
const resourceVersion = { type: 'integer', minimum: 1, maximum: MAX_INT4 } as const;
/** A rule set's or decision table's RPCs: the body itself is the owning agent's to check. */
const resourceChecks = {
  create: busSchema('ResourceCreateRpc', {
    type: 'object',
    required: ['name', 'body'],
    properties: { name: resourceName, body: { type: 'object' }, activate: { type: 'boolean' } },
  }),
  list: busSchema('ResourceListRpc', { type: 'object', properties: { ...pageFields, name: resourceName } }),
  get: busSchema('ResourceGetRpc', {
    type: 'object',
    required: ['name'],
    properties: { name: resourceName, version: resourceVersion },
  }),
  version: busSchema('ResourceVersionRpc', {
    type: 'object',
    required: ['name', 'version'],
    properties: { name: resourceName, version: resourceVersion },
  }),
};

export const RUN_CONTROL_ACTIONS = ['cancel', 'pause', 'resume', 'retry'] as const;
const text = { type: 'string', minLength: 1 } as const;
/** An ISO 8601 time; whether the date exists (no 30 February) is the handler's `isIsoTime`. */
const isoTime = { type: 'string', minLength: 10, maxLength: 40 } as const;

export const RPC_REQUEST_CHECKS: Partial<Record<RpcType, BodyCheck>> = {
  'dataset.create.v1': createDatasetProblems,
  'dataset.list.v1': pageRequest,
  'dataset.get.v1': busSchema('DatasetGetRpc', {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'string', pattern: UUID, description: 'a UUID' },
      offset: { type: 'integer', minimum: 0, maximum: DATASET_LIMITS.maxRecords },
      limit: { type: 'integer', minimum: 1, maximum: MAX_DATASET_PAGE },
    },
  }),
  'transformation.create.v1': busSchema('TransformationCreateRpc', {
    type: 'object',
    required: ['name', 'expression'],
    properties: {
      name: {
        type: 'string',
        pattern: TRANSFORMATION_NAME_PATTERN,
        description: '1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      },
      expression: { type: 'string', minLength: 1, maxLength: TRANSFORMATION_LIMITS.maxExpressionLength },
    },
  }),
  'transformation.list.v1': pageRequest,
  'agent.list.v1': busSchema('AgentListRpc', {
    type: 'object',
    properties: {
      ...pageFields,
      capability: { type: 'string', maxLength: 200 },
      health: { type: 'string', enum: AGENT_HEALTHS },
    },
  }),
  'agent.create.v1': busSchema('AgentCreateRpc', {
    type: 'object',
    required: ['name', 'capabilities'],
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        maxLength: 100,
        pattern: '^[\\p{L}\\p{N} ._-]+$',
        description: 'letters, digits, spaces, ".", "_" and "-"',
      },
      capabilities: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        uniqueItems: true,
        items: {
          type: 'string',
          pattern: CAPABILITY_PATTERN.source,
          description: 'dot-separated lowercase names',
        },
      },
    },
  }),
  'workflow.create.v1': busSchema('WorkflowCreateRpc', {
    type: 'object',
    required: ['definition', 'declaredCapabilities'],
    properties: {
      definition: { type: 'object' },
      declaredCapabilities: { type: 'array', items: { type: 'string' } },
    },
  }),
  'workflow.get.v1': busSchema('WorkflowGetRpc', {
    type: 'object',
    required: ['name'],
    properties: { name: text, version: resourceVersion },
  }),
  'workflow.list.v1': busSchema('WorkflowListRpc', {
    type: 'object',
    properties: { ...pageFields, name: text },
  }),
  'run.start.v1': busSchema('RunStartRpc', {
    type: 'object',
    required: ['workflow'],
    properties: { workflow: text, version: resourceVersion, input: {}, idempotencyKey: text },
  }),
  'run.list.v1': busSchema('RunListRpc', {
    type: 'object',
    properties: {
      ...pageFields,
      status: { type: 'string', enum: RUN_STATUSES },
      workflow: text,
      createdAfter: isoTime,
      createdBefore: isoTime,
    },
  }),
  'run.control.v1': busSchema('RunControlRpc', {
    type: 'object',
    required: ['runId', 'action'],
    properties: {
      runId: { type: 'string', pattern: UUID, description: 'a UUID' },
      action: { type: 'string', enum: RUN_CONTROL_ACTIONS },
      reason: { type: 'string' },
    },
  }),
  'ruleset.create.v1': resourceChecks.create,
  'ruleset.list.v1': resourceChecks.list,
  'ruleset.get.v1': resourceChecks.get,
  'ruleset.activate.v1': resourceChecks.version,
  'ruleset.archive.v1': resourceChecks.version,
  'decisiontable.create.v1': resourceChecks.create,
  'decisiontable.list.v1': resourceChecks.list,
  'decisiontable.get.v1': resourceChecks.get,
  'decisiontable.activate.v1': resourceChecks.version,
  'decisiontable.archive.v1': resourceChecks.version,
  'agent.delete.v1': busSchema('AgentDeleteRpc', {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', pattern: UUID, description: 'a UUID' } },
  }),
};
