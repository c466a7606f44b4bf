import { bodySchema, bodySchemaRef } from './body-validator';

export const RULE_OPERATORS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in',
  'nin',
  'exists',
  'notExists',
  'matches',
  'minLength',
  'maxLength',
  'type',
] as const;

export const RULE_SET_LIMITS = { maxRules: 1000, maxConditionDepth: 32 } as const;

const conditions = { type: 'array', minItems: 1, items: bodySchemaRef('RuleCondition') } as const;

/**
 * A leaf `{ path, op, value | valueFrom }` or a group with exactly one of `all`, `any`, `not`.
 * Which keys go together, the operand each operator takes and the nesting depth are checked by
 * the validation agent.
 */
export const RULE_CONDITION_SCHEMA = {
  type: 'object',
  description:
    'A leaf { path, op, value | valueFrom } or a group { all } | { any } | { not }; at most 32 levels deep',
  additionalProperties: false,
  properties: {
    path: { type: 'string', description: 'Where the value is, e.g. "order.items[0].sku"' },
    op: { type: 'string', enum: RULE_OPERATORS },
    value: { description: 'The operand: any JSON value the operator accepts' },
    valueFrom: { type: 'string', description: 'The path of the operand in the same data, instead of value' },
    all: conditions,
    any: conditions,
    not: bodySchemaRef('RuleCondition'),
  },
} as const;

export const RULE_SCHEMA = {
  type: 'object',
  description: 'A rule: exactly one of all, any, not, and an optional when',
  required: ['id'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, description: 'Unique within its rule set' },
    description: { type: 'string' },
    message: { type: 'string', description: 'Replaces the generated message of every failure of this rule' },
    severity: {
      type: 'string',
      enum: ['error', 'warning'],
      description: 'Default error; a warning never makes the result invalid',
    },
    when: bodySchemaRef('RuleCondition'),
    all: conditions,
    any: conditions,
    not: bodySchemaRef('RuleCondition'),
  },
} as const;

const RULE_LIST_SCHEMA = {
  type: 'array',
  minItems: 1,
  maxItems: RULE_SET_LIMITS.maxRules,
  items: bodySchemaRef('Rule'),
} as const;

/** The body of a stored rule set. */
export const RULE_SET_BODY_SCHEMA = {
  type: 'object',
  required: ['rules'],
  additionalProperties: false,
  properties: { rules: bodySchemaRef('RuleList') },
} as const;

bodySchema('RuleCondition', RULE_CONDITION_SCHEMA);
bodySchema('Rule', RULE_SCHEMA);

/** Checks inline rules (a validation step's `params.rules`); paths start at `rules`. */
export const ruleListProblems = bodySchema('RuleList', RULE_LIST_SCHEMA, 'rules');

/** Checks a rule set's body; paths start at `body`, where the create request carries it. */
export const ruleSetBodyProblems = bodySchema('RuleSetBody', RULE_SET_BODY_SCHEMA, 'body');
