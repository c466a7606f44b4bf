import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, PageRequest, type Envelope, type Page } from '@ensemble/contracts';
import { RmqController } from '@ensemble/messaging';
import { validPayload } from '../rpc/valid-payload';
import { CreateTransformationRequest, type TransformationView } from './dto/create-transformation.request';
import { TransformationsService } from './transformations.service';

@RmqController()
export class TransformationsRmqController {
  constructor(private readonly transformations: TransformationsService) {}

  @MessagePattern(MessageTypes.rpc.transformationCreate)
  async create(@Payload() envelope: Envelope): Promise<TransformationView> {
    const request = await validPayload(CreateTransformationRequest, envelope);
    return this.transformations.create(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.transformationList)
  async list(@Payload() envelope: Envelope): Promise<Page<TransformationView>> {
    return this.transformations.list(envelope.tenantId, await validPayload(PageRequest, envelope));
  }
}
