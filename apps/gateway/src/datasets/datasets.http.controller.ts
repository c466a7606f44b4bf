import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { EnvelopeOrigin } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { UuidParamPipe } from '../http/params';
import { DatasetsService } from './datasets.service';
import { CreateDatasetDto, DatasetDto, DatasetWithRecordsDto, GetDatasetQueryDto } from './dto/dataset.dto';

@ApiController('datasets', 'datasets')
@UpstreamResponses()
export class DatasetsHttpController {
  constructor(private readonly datasets: DatasetsService) {}

  @Post()
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Ingest a dataset from JSON records or CSV' })
  @ApiCreatedResponse({ type: DatasetDto })
  @ConflictResponse('A dataset of that name exists')
  create(@RequestOrigin() origin: EnvelopeOrigin, @Body() body: CreateDatasetDto): Promise<DatasetDto> {
    return this.datasets.create(origin, body);
  }

  @Get()
  @ApiOperation({ summary: 'List datasets' })
  @ApiOkResponse({ type: [DatasetDto] })
  list(@RequestOrigin() origin: EnvelopeOrigin): Promise<DatasetDto[]> {
    return this.datasets.list(origin);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a dataset with one page of its records' })
  @ApiOkResponse({ type: DatasetWithRecordsDto })
  get(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: GetDatasetQueryDto,
  ): Promise<DatasetWithRecordsDto> {
    return this.datasets.get(origin, id, query);
  }
}
