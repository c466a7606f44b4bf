import { Injectable } from '@nestjs/common';
import { MessageTypes, type CreateDatasetBody, type EnvelopeOrigin } from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { DatasetDto, DatasetWithRecordsDto, GetDatasetQueryDto } from './dto/dataset.dto';

@Injectable()
export class DatasetsService {
  constructor(private readonly rpc: RpcClient) {}

  create(origin: EnvelopeOrigin, body: CreateDatasetBody): Promise<DatasetDto> {
    const request =
      body.format === 'json'
        ? { name: body.name, format: body.format, records: body.records }
        : { name: body.name, format: body.format, csv: body.csv };
    return this.rpc.request('data', MessageTypes.rpc.datasetCreate, request, origin);
  }

  list(origin: EnvelopeOrigin): Promise<DatasetDto[]> {
    return this.rpc.request('data', MessageTypes.rpc.datasetList, {}, origin);
  }

  get(origin: EnvelopeOrigin, id: string, query: GetDatasetQueryDto): Promise<DatasetWithRecordsDto> {
    const request = definedOnly({ id, offset: query.offset, limit: query.limit });
    return this.rpc.request('data', MessageTypes.rpc.datasetGet, request, origin);
  }
}
