import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, type Envelope, type Page } from '@ensemble/contracts';
import { checkedPayload, RmqController } from '@ensemble/messaging';
import type { DecisionTableView } from './decision-tables.repository';
import { DecisionTablesService } from './decision-tables.service';

/** RPC on `<prefix>.rpc.decision`; the tenant is always the envelope's. */
@RmqController()
export class DecisionTablesRmqController {
  constructor(private readonly tables: DecisionTablesService) {}

  @MessagePattern(MessageTypes.rpc.decisionTableCreate)
  create(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const request = checkedPayload(MessageTypes.rpc.decisionTableCreate, envelope);
    return this.tables.create(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableList)
  list(@Payload() envelope: Envelope): Promise<Page<DecisionTableView>> {
    const request = checkedPayload(MessageTypes.rpc.decisionTableList, envelope);
    return this.tables.list(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableGet)
  get(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const { name, version } = checkedPayload(MessageTypes.rpc.decisionTableGet, envelope);
    return this.tables.get(envelope.tenantId, name, version);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableActivate)
  activate(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const request = checkedPayload(MessageTypes.rpc.decisionTableActivate, envelope);
    return this.tables.activate(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableArchive)
  archive(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const request = checkedPayload(MessageTypes.rpc.decisionTableArchive, envelope);
    return this.tables.archive(envelope.tenantId, request);
  }
}
