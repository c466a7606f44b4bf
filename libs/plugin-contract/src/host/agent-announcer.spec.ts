import { BrokerNames, MessageTypes, type AgentAnnouncementPayload, type Envelope } from '@ensemble/contracts';
import type { MessagingSettings, Publisher } from '@ensemble/messaging';
import { AgentAnnouncer } from './agent-announcer';
import type { AgentHostService } from './agent-host.service';

function announcer(): { announcer: AgentAnnouncer; sent: Envelope<AgentAnnouncementPayload>[] } {
  const sent: Envelope<AgentAnnouncementPayload>[] = [];
  const publisher = {
    publish: (_exchange: string, _key: string, envelope: Envelope<AgentAnnouncementPayload>) => {
      sent.push(envelope);
      return Promise.resolve();
    },
  } as unknown as Publisher;
  const host = { plugins: [], capabilities: ['data'], agentId: 'h-1' } as unknown as AgentHostService;
  const settings = {
    service: 'data-agent',
    prefetch: 8,
    names: new BrokerNames('t'),
  } as unknown as MessagingSettings;
  return { announcer: new AgentAnnouncer(host, publisher, settings), sent };
}

describe('the agent announcer when the app stops', () => {
  it('says it is draining before the transport stops taking tasks, then deregisters', async () => {
    const { announcer: a, sent } = announcer();
    await a.beforeApplicationShutdown();
    await a.onApplicationShutdown();

    expect(sent.map((e) => [e.type, e.payload.status])).toEqual([
      [MessageTypes.agents.agentHeartbeat, 'draining'],
      [MessageTypes.agents.agentDeregistered, undefined],
    ]);
    expect(sent[0]?.payload).toMatchObject({ agentId: 'data-agent@h-1', capabilities: ['data'] });
  });
});
