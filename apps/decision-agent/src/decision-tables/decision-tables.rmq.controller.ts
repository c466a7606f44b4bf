import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, type Envelope, type Page } from '@ensemble/contracts';
import { RmqController } from '@ensemble/messaging';
import type { DecisionTableView } from './decision-tables.repository';
import { DecisionTablesService } from './decision-tables.service';
import {
  CreateDecisionTableRequest,
  DecisionTableVersionRequest,
  GetDecisionTableRequest,
  ListDecisionTablesRequest,
} from './dto/decision-table-requests';
import { validRequest } from './dto/valid-request';

/** RPC on `<prefix>.rpc.decision`; the tenant is always the envelope's. */
@RmqController()
export class DecisionTablesRmqController {
  constructor(private readonly tables: DecisionTablesService) {}

  @MessagePattern(MessageTypes.rpc.decisionTableCreate)
  async create(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const request = await validRequest(CreateDecisionTableRequest, envelope);
    return this.tables.create(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableList)
  async list(@Payload() envelope: Envelope): Promise<Page<DecisionTableView>> {
    const request = await validRequest(ListDecisionTablesRequest, envelope);
    return this.tables.list(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableGet)
  async get(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const { name, version } = await validRequest(GetDecisionTableRequest, envelope);
    return this.tables.get(envelope.tenantId, name, version);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableActivate)
  async activate(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const request = await validRequest(DecisionTableVersionRequest, envelope);
    return this.tables.activate(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.decisionTableArchive)
  async archive(@Payload() envelope: Envelope): Promise<DecisionTableView> {
    const request = await validRequest(DecisionTableVersionRequest, envelope);
    return this.tables.archive(envelope.tenantId, request);
  }
}
