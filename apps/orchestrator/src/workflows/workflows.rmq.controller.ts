import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, type Envelope, type Page, type WorkflowView } from '@ensemble/contracts';
import { checkedPayload, RmqController } from '@ensemble/messaging';
import { WorkflowsService } from './workflows.service';

@RmqController()
export class WorkflowsRmqController {
  constructor(private readonly workflows: WorkflowsService) {}

  @MessagePattern(MessageTypes.rpc.workflowCreate)
  create(@Payload() envelope: Envelope): Promise<WorkflowView> {
    const { definition, declaredCapabilities } = checkedPayload(MessageTypes.rpc.workflowCreate, envelope);
    return this.workflows.create(envelope.tenantId, definition, declaredCapabilities);
  }

  @MessagePattern(MessageTypes.rpc.workflowGet)
  get(@Payload() envelope: Envelope): Promise<WorkflowView> {
    const { name, version } = checkedPayload(MessageTypes.rpc.workflowGet, envelope);
    return this.workflows.get(envelope.tenantId, name, version);
  }

  @MessagePattern(MessageTypes.rpc.workflowList)
  list(@Payload() envelope: Envelope): Promise<Page<WorkflowView>> {
    const { name, limit, cursor } = checkedPayload(MessageTypes.rpc.workflowList, envelope);
    return this.workflows.list(envelope.tenantId, name, limit, cursor);
  }
}
