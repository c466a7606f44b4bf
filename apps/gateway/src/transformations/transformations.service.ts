import { Injectable } from '@nestjs/common';
import { MessageTypes, type EnvelopeOrigin } from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import type { CreateTransformationDto, TransformationDto } from './dto/transformation.dto';

@Injectable()
export class TransformationsService {
  constructor(private readonly rpc: RpcClient) {}

  create(origin: EnvelopeOrigin, body: CreateTransformationDto): Promise<TransformationDto> {
    const request = { name: body.name, expression: body.expression };
    return this.rpc.request('data', MessageTypes.rpc.transformationCreate, request, origin);
  }

  list(origin: EnvelopeOrigin): Promise<TransformationDto[]> {
    return this.rpc.request('data', MessageTypes.rpc.transformationList, {}, origin);
  }
}
