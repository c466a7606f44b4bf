import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { payloadProblems } from '../envelope/validate-envelope';
import { AgentAnnouncementPayload } from './agent-announcement';
import './announcement-schema';

const valid = { agentId: 'a-1', name: 'data', version: '1.0.0', capabilities: ['data'], concurrency: 4 };

/** What the class's decorators say, bypassing the compiled schema. */
async function decoratorsAccept(payload: object): Promise<boolean> {
  return (await validate(plainToInstance(AgentAnnouncementPayload, payload))).length === 0;
}

describe('the compiled agent announcement schema', () => {
  it.each<[string, object]>([
    ['a full announcement', { ...valid, status: 'draining', host: 'h' }],
    ['null optionals', { ...valid, status: null, host: null }],
    ['no capabilities', { ...valid, capabilities: [] }],
    ['an empty agent id', { ...valid, agentId: '' }],
    ['an agent id of 201 characters', { ...valid, agentId: 'a'.repeat(201) }],
    ['an agent id of 200 characters', { ...valid, agentId: 'a'.repeat(200) }],
    ['a missing name', { ...valid, name: undefined }],
    ['a numeric version', { ...valid, version: 1 }],
    ['a capability that is not a string', { ...valid, capabilities: ['data', 2] }],
    ['capabilities as a string', { ...valid, capabilities: 'data' }],
    ['zero concurrency', { ...valid, concurrency: 0 }],
    ['fractional concurrency', { ...valid, concurrency: 1.5 }],
    ['concurrency as a string', { ...valid, concurrency: '4' }],
    ['a numeric host', { ...valid, host: 7 }],
  ])('judges %s as the class does', async (_, payload) => {
    const accepted = (await payloadProblems(AgentAnnouncementPayload, payload)).length === 0;
    expect(accepted).toBe(await decoratorsAccept(payload));
  });

  it('is checked by the compiled schema, not by class-validator', async () => {
    // ajv's wording; class-validator would say "concurrency must not be less than 1".
    expect(await payloadProblems(AgentAnnouncementPayload, { ...valid, concurrency: 0 })).toEqual([
      'concurrency: must be >= 1',
    ]);
  });
});
