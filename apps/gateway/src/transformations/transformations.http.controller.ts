import { Body, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { EnvelopeOrigin } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { CreateTransformationDto, TransformationDto } from './dto/transformation.dto';
import { TransformationsService } from './transformations.service';

@ApiController('transformations', 'transformations')
@UpstreamResponses()
export class TransformationsHttpController {
  constructor(private readonly transformations: TransformationsService) {}

  @Post()
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Create a named JSONata transformation' })
  @ApiCreatedResponse({ type: TransformationDto })
  @ConflictResponse('A transformation of that name exists')
  create(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Body() body: CreateTransformationDto,
  ): Promise<TransformationDto> {
    return this.transformations.create(origin, body);
  }

  @Get()
  @ApiOperation({ summary: 'List transformations' })
  @ApiOkResponse({ type: [TransformationDto] })
  list(@RequestOrigin() origin: EnvelopeOrigin): Promise<TransformationDto[]> {
    return this.transformations.list(origin);
  }
}
