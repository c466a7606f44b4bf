import { Injectable } from '@nestjs/common';
import { MessageTypes, type CreateDatasetBody, type EnvelopeOrigin, type Page } from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { definedOnly } from '../http/defined-only';
import type { PageQueryDto } from '../http/page-query.dto';
import type { DatasetDto, DatasetWithRecordsDto, GetDatasetQueryDto } from './dto/dataset.dto';

@Injectable()
export class DatasetsService {
  constructor(private readonly rpc: RpcClient) {}

  create(origin: EnvelopeOrigin, body: CreateDatasetBody): Promise<DatasetDto> {
    const request =
      body.format === 'json'
        ? { name: body.name, format: body.format, records: body.records }
        : { name: body.name, format: body.format, csv: body.csv };
    return this.rpc.call(MessageTypes.rpc.datasetCreate, request, origin);
  }

  list(origin: EnvelopeOrigin, query: PageQueryDto): Promise<Page<DatasetDto>> {
    const request = definedOnly({ limit: query.limit, cursor: query.cursor });
    return this.rpc.call(MessageTypes.rpc.datasetList, request, origin);
  }

  get(origin: EnvelopeOrigin, id: string, query: GetDatasetQueryDto): Promise<DatasetWithRecordsDto> {
    const request = definedOnly({ id, offset: query.offset, limit: query.limit });
    return this.rpc.call(MessageTypes.rpc.datasetGet, request, origin);
  }
}
