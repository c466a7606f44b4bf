import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessageTypes, PageRequest, type Envelope, type Page } from '@ensemble/contracts';
import { RmqController } from '@ensemble/messaging';
import { validPayload } from '../rpc/valid-payload';
import { DatasetsService } from './datasets.service';
import {
  CreateDatasetRequest,
  GetDatasetRequest,
  type DatasetView,
  type DatasetWithRecords,
} from './dto/dataset.requests';

@RmqController()
export class DatasetsRmqController {
  constructor(private readonly datasets: DatasetsService) {}

  @MessagePattern(MessageTypes.rpc.datasetCreate)
  async create(@Payload() envelope: Envelope): Promise<DatasetView> {
    const request = await validPayload(CreateDatasetRequest, envelope);
    return this.datasets.create(envelope.tenantId, request);
  }

  @MessagePattern(MessageTypes.rpc.datasetList)
  async list(@Payload() envelope: Envelope): Promise<Page<DatasetView>> {
    return this.datasets.list(envelope.tenantId, await validPayload(PageRequest, envelope));
  }

  @MessagePattern(MessageTypes.rpc.datasetGet)
  async get(@Payload() envelope: Envelope): Promise<DatasetWithRecords> {
    const request = await validPayload(GetDatasetRequest, envelope);
    return this.datasets.get(envelope.tenantId, request);
  }
}
