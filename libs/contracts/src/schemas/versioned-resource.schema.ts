import { bodySchema, bodySchemaRef, type BodyCheck } from './body-validator';

/** Names of stored resources (rule sets, decision tables): they appear in URLs and step params. */
export const RESOURCE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `{ name, body, activate? }` creating a version of a rule set or decision table. */
function createRequestSchema(body: string): object {
  return {
    type: 'object',
    required: ['name', 'body'],
    additionalProperties: false,
    properties: {
      name: {
        type: 'string',
        pattern: RESOURCE_NAME_PATTERN.source,
        description: '1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      },
      body: bodySchemaRef(body),
      activate: { type: 'boolean', description: 'Create as active, archiving the previous active version' },
    },
  };
}

export const createRuleSetProblems: BodyCheck = bodySchema(
  'CreateRuleSet',
  createRequestSchema('RuleSetBody'),
);
export const createDecisionTableProblems: BodyCheck = bodySchema(
  'CreateDecisionTable',
  createRequestSchema('DecisionTable'),
);
