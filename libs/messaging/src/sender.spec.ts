import type { ConsumeMessage } from 'amqplib';
import { SENDER_HEADER, senderOf } from './ensemble-transport';

const delivery = (
  userId: unknown,
  headers: Record<string, unknown> = {},
): Pick<ConsumeMessage, 'properties'> =>
  ({ properties: { userId, headers } }) as unknown as Pick<ConsumeMessage, 'properties'>;

describe('senderOf', () => {
  it('is the broker-validated user-id of a message another principal published', () => {
    expect(senderOf(delivery('ens.agent.1'), 'ens.orchestrator')).toBe('ens.agent.1');
  });

  it('is nobody when the message carries no user-id', () => {
    expect(senderOf(delivery(undefined), 'ens.orchestrator')).toBeUndefined();
    expect(senderOf(delivery(''), 'ens.orchestrator')).toBeUndefined();
  });

  it("ignores another principal's claim of an original sender", () => {
    expect(senderOf(delivery('ens.agent.1', { [SENDER_HEADER]: 'ens.data-agent' }), 'ens.orchestrator')).toBe(
      'ens.agent.1',
    );
  });

  it('restores the original sender of a copy this process re-published (retry, dead letter)', () => {
    expect(
      senderOf(delivery('ens.orchestrator', { [SENDER_HEADER]: 'ens.agent.1' }), 'ens.orchestrator'),
    ).toBe('ens.agent.1');
    expect(
      senderOf(delivery('ens.orchestrator', { [SENDER_HEADER]: '' }), 'ens.orchestrator'),
    ).toBeUndefined();
  });
});
