import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  MessageTypes,
  type Envelope,
  type Page,
  type WorkflowCreateRequest,
  type WorkflowGetRequest,
  type WorkflowListRequest,
  type WorkflowView,
} from '@ensemble/contracts';
import { RmqController } from '@ensemble/messaging';
import {
  requireString,
  optionalInt,
  optionalVersion,
  optionalString,
  storable,
} from '../common/request-checks';
import { WorkflowsService } from './workflows.service';

@RmqController()
export class WorkflowsRmqController {
  constructor(private readonly workflows: WorkflowsService) {}

  @MessagePattern(MessageTypes.rpc.workflowCreate)
  create(@Payload() envelope: Envelope<WorkflowCreateRequest>): Promise<WorkflowView> {
    const declared = envelope.payload.declaredCapabilities;
    const capabilities = Array.isArray(declared)
      ? declared.filter((c): c is string => typeof c === 'string')
      : [];
    return this.workflows.create(
      envelope.tenantId,
      storable(envelope.payload.definition, 'definition'),
      capabilities,
    );
  }

  @MessagePattern(MessageTypes.rpc.workflowGet)
  get(@Payload() envelope: Envelope<WorkflowGetRequest>): Promise<WorkflowView> {
    const p = envelope.payload;
    return this.workflows.get(
      envelope.tenantId,
      requireString(p.name, 'name'),
      optionalVersion(p.version, 'version'),
    );
  }

  @MessagePattern(MessageTypes.rpc.workflowList)
  list(@Payload() envelope: Envelope<WorkflowListRequest>): Promise<Page<WorkflowView>> {
    const p = envelope.payload;
    return this.workflows.list(
      envelope.tenantId,
      optionalString(p.name, 'name'),
      optionalInt(p.limit, 'limit'),
      optionalString(p.cursor, 'cursor'),
    );
  }
}
