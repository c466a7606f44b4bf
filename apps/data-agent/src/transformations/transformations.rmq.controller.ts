import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, type Envelope, type Page, type TransformationView } from '@ensemble/contracts';
import { checkedPayload, RmqController } from '@ensemble/messaging';
import { TransformationsService } from './transformations.service';

@RmqController()
export class TransformationsRmqController {
  constructor(private readonly transformations: TransformationsService) {}

  @MessagePattern(MessageTypes.rpc.transformationCreate)
  create(@Payload() envelope: Envelope): Promise<TransformationView> {
    const request = checkedPayload(MessageTypes.rpc.transformationCreate, envelope);
    return this.transformations.create(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.transformationList)
  list(@Payload() envelope: Envelope): Promise<Page<TransformationView>> {
    const request = checkedPayload(MessageTypes.rpc.transformationList, envelope);
    return this.transformations.list(envelope.tenantId, request);
  }
}
