import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  MessageTypes,
  type DatasetView,
  type DatasetWithRecords,
  type Envelope,
  type Page,
} from '@ensemble/contracts';
import { checkedPayload, RmqController } from '@ensemble/messaging';
import { DatasetsService } from './datasets.service';

@RmqController()
export class DatasetsRmqController {
  constructor(private readonly datasets: DatasetsService) {}

  @MessagePattern(MessageTypes.rpc.datasetCreate)
  create(@Payload() envelope: Envelope): Promise<DatasetView> {
    return this.datasets.create(envelope.tenantId, checkedPayload(MessageTypes.rpc.datasetCreate, envelope));
  }

  @MessagePattern(MessageTypes.rpc.datasetList)
  list(@Payload() envelope: Envelope): Promise<Page<DatasetView>> {
    return this.datasets.list(envelope.tenantId, checkedPayload(MessageTypes.rpc.datasetList, envelope));
  }

  @MessagePattern(MessageTypes.rpc.datasetGet)
  get(@Payload() envelope: Envelope): Promise<DatasetWithRecords> {
    return this.datasets.get(envelope.tenantId, checkedPayload(MessageTypes.rpc.datasetGet, envelope));
  }
}
