import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, storablePayloadProblems, type Envelope, type Page } from '@ensemble/contracts';
import { RmqController } from '@ensemble/messaging';
import {
  CreateRuleSetRequest,
  GetRuleSetRequest,
  ListRuleSetsRequest,
  RuleSetVersionRequest,
} from './dto/rule-set-requests';
import { invalidRequest } from './rule-sets.errors';
import { RuleSetsService, type RuleSetView } from './rule-sets.service';

@RmqController()
export class RuleSetsRmqController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @MessagePattern(MessageTypes.rpc.ruleSetCreate)
  async create(@Payload() envelope: Envelope): Promise<RuleSetView> {
    return this.ruleSets.create(envelope.tenantId, await validRequest(CreateRuleSetRequest, envelope));
  }

  @MessagePattern(MessageTypes.rpc.ruleSetList)
  async list(@Payload() envelope: Envelope): Promise<Page<RuleSetView>> {
    return this.ruleSets.list(envelope.tenantId, await validRequest(ListRuleSetsRequest, envelope));
  }

  @MessagePattern(MessageTypes.rpc.ruleSetGet)
  async get(@Payload() envelope: Envelope): Promise<RuleSetView> {
    const { name, version } = await validRequest(GetRuleSetRequest, envelope);
    return this.ruleSets.get(envelope.tenantId, name, version);
  }

  @MessagePattern(MessageTypes.rpc.ruleSetActivate)
  async activate(@Payload() envelope: Envelope): Promise<RuleSetView> {
    return this.ruleSets.activate(envelope.tenantId, await validRequest(RuleSetVersionRequest, envelope));
  }

  @MessagePattern(MessageTypes.rpc.ruleSetArchive)
  async archive(@Payload() envelope: Envelope): Promise<RuleSetView> {
    return this.ruleSets.archive(envelope.tenantId, await validRequest(RuleSetVersionRequest, envelope));
  }
}

async function validRequest<T extends object>(cls: new () => T, envelope: Envelope): Promise<T> {
  const problems = await storablePayloadProblems(cls, envelope.payload);
  if (problems.length === 0) return envelope.payload as T;
  throw invalidRequest(
    envelope.type,
    problems.map((problem) => {
      const [path = '', ...message] = problem.split(': ');
      return { path, message: message.join(': ') };
    }),
  );
}
