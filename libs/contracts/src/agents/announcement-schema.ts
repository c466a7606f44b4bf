import { compilePayloadSchema } from '../envelope/validate-envelope';
import { AgentAnnouncementPayload, MAX_AGENT_ID_LENGTH } from './agent-announcement';

// The same rules as the class's decorators (class-validator's @IsOptional also lets null through):
// every agent sends one a heartbeat interval, so 1,000 agents are 200 validations a second.
const optionalString = { anyOf: [{ type: 'null' }, { type: 'string' }] };

compilePayloadSchema(AgentAnnouncementPayload, {
  type: 'object',
  required: ['agentId', 'name', 'version', 'capabilities', 'concurrency'],
  properties: {
    agentId: { type: 'string', minLength: 1, maxLength: MAX_AGENT_ID_LENGTH },
    name: { type: 'string' },
    version: { type: 'string' },
    capabilities: { type: 'array', items: { type: 'string' } },
    concurrency: { type: 'integer', minimum: 1 },
    status: optionalString,
    host: optionalString,
  },
});
