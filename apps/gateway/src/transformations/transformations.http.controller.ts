import { Body, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { EnvelopeOrigin, Page } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { PageQueryDto } from '../http/page-query.dto';
import { TransformationPageDto } from './dto/transformation-page.dto';
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
  @ApiOperation({ summary: 'List transformations by name (a page; ?cursor=nextCursor for the next)' })
  @ApiOkResponse({ type: TransformationPageDto })
  list(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Query() query: PageQueryDto,
  ): Promise<Page<TransformationDto>> {
    return this.transformations.list(origin, query);
  }
}
