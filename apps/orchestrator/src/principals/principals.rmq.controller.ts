import { EventPattern, Payload } from '@nestjs/microservices';
import {
  AgentPrincipalGrantedPayload,
  AgentPrincipalRevokedPayload,
  MessageTypes,
  type Envelope,
} from '@ensemble/contracts';
import { requirePayload, RmqController } from '@ensemble/messaging';
import { PrincipalsRepository } from './principals.repository';

/** Mirrors the registry's agent principals; the queue accepts these only from the registry. */
@RmqController()
export class PrincipalsRmqController {
  constructor(private readonly principals: PrincipalsRepository) {}

  @EventPattern(MessageTypes.registry.principalGranted)
  async granted(@Payload() envelope: Envelope): Promise<void> {
    await this.principals.grant((await requirePayload(AgentPrincipalGrantedPayload, envelope)).payload);
  }

  @EventPattern(MessageTypes.registry.principalRevoked)
  async revoked(@Payload() envelope: Envelope): Promise<void> {
    await this.principals.revoke((await requirePayload(AgentPrincipalRevokedPayload, envelope)).payload);
  }
}
