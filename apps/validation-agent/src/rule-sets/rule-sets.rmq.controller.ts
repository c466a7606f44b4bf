import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, type Envelope, type Page } from '@ensemble/contracts';
import { checkedPayload, RmqController } from '@ensemble/messaging';
import { RuleSetsService, type RuleSetView } from './rule-sets.service';

@RmqController()
export class RuleSetsRmqController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @MessagePattern(MessageTypes.rpc.ruleSetCreate)
  create(@Payload() envelope: Envelope): Promise<RuleSetView> {
    return this.ruleSets.create(envelope.tenantId, checkedPayload(MessageTypes.rpc.ruleSetCreate, envelope));
  }

  @MessagePattern(MessageTypes.rpc.ruleSetList)
  list(@Payload() envelope: Envelope): Promise<Page<RuleSetView>> {
    return this.ruleSets.list(envelope.tenantId, checkedPayload(MessageTypes.rpc.ruleSetList, envelope));
  }

  @MessagePattern(MessageTypes.rpc.ruleSetGet)
  get(@Payload() envelope: Envelope): Promise<RuleSetView> {
    const { name, version } = checkedPayload(MessageTypes.rpc.ruleSetGet, envelope);
    return this.ruleSets.get(envelope.tenantId, name, version);
  }

  @MessagePattern(MessageTypes.rpc.ruleSetActivate)
  activate(@Payload() envelope: Envelope): Promise<RuleSetView> {
    return this.ruleSets.activate(
      envelope.tenantId,
      checkedPayload(MessageTypes.rpc.ruleSetActivate, envelope),
    );
  }

  @MessagePattern(MessageTypes.rpc.ruleSetArchive)
  archive(@Payload() envelope: Envelope): Promise<RuleSetView> {
    return this.ruleSets.archive(
      envelope.tenantId,
      checkedPayload(MessageTypes.rpc.ruleSetArchive, envelope),
    );
  }
}
