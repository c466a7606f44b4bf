import { bodySchema } from './body-validator';

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT'] as const;
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;

const entries = (description: string) => ({ type: 'array', items: { type: 'string' }, description }) as const;

/**
 * A DMN-style decision table. The decision agent checks what the schema cannot say: every FEEL
 * entry parses, each rule has one entry per input and per output, names and rule ids are
 * unique, and the hit policy's needs (an aggregation only with COLLECT and one output,
 * priorities for PRIORITY).
 */
export const DECISION_TABLE_SCHEMA = {
  type: 'object',
  required: ['hitPolicy', 'inputs', 'outputs', 'rules'],
  properties: {
    hitPolicy: { type: 'string', enum: HIT_POLICIES },
    aggregation: {
      type: 'string',
      enum: AGGREGATIONS,
      description: 'COLLECT only: fold the single output of the matched rules into one number',
    },
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['expression'],
        properties: {
          id: { type: 'string' },
          label: { type: 'string' },
          expression: { type: 'string', description: 'A FEEL expression over the task input' },
        },
      },
    },
    outputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: '\\S', description: 'a name with a character other than space' },
          priorities: {
            type: 'array',
            items: {},
            description: 'Output values from highest to lowest priority (hit policy PRIORITY)',
          },
        },
      },
    },
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['inputEntries', 'outputEntries'],
        properties: {
          id: { type: 'string' },
          description: { type: 'string' },
          inputEntries: entries('FEEL unary tests, one per input; "-" or "" matches anything'),
          outputEntries: entries('FEEL expressions, one per output, over the task input'),
        },
      },
    },
  },
} as const;

/** Checks a decision table (stored, or inline in a step's params); paths are relative to it. */
export const decisionTableProblems = bodySchema('DecisionTable', DECISION_TABLE_SCHEMA);
