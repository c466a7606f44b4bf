import { Injectable } from '@nestjs/common';
import { MessageTypes, type EnvelopeOrigin, type Page } from '@ensemble/contracts';
import { definedOnly } from '../http/defined-only';
import type { PageQueryDto } from '../http/page-query.dto';
import { RpcClient } from '@ensemble/messaging';
import type { CreateTransformationDto, TransformationDto } from './dto/transformation.dto';

@Injectable()
export class TransformationsService {
  constructor(private readonly rpc: RpcClient) {}

  create(origin: EnvelopeOrigin, body: CreateTransformationDto): Promise<TransformationDto> {
    const request = { name: body.name, expression: body.expression };
    return this.rpc.call(MessageTypes.rpc.transformationCreate, request, origin);
  }

  list(origin: EnvelopeOrigin, query: PageQueryDto): Promise<Page<TransformationDto>> {
    const request = definedOnly({ limit: query.limit, cursor: query.cursor });
    return this.rpc.call(MessageTypes.rpc.transformationList, request, origin);
  }
}
