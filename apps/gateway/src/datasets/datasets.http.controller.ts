import { Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  createDatasetProblems,
  type CreateDatasetBody,
  type EnvelopeOrigin,
  type Page,
} from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { PageQueryDto } from '../http/page-query.dto';
import { UuidParamPipe } from '../http/params';
import { ApiSchemaBody, SchemaBody } from '../http/schema-body';
import { DatasetsService } from './datasets.service';
import { DatasetDto, DatasetWithRecordsDto, GetDatasetQueryDto } from './dto/dataset.dto';
import { DatasetPageDto } from './dto/dataset-page.dto';

@ApiController('datasets', 'datasets')
@UpstreamResponses()
export class DatasetsHttpController {
  constructor(private readonly datasets: DatasetsService) {}

  @Post()
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Ingest a dataset from JSON records or CSV' })
  @ApiSchemaBody('CreateDataset')
  @ApiCreatedResponse({ type: DatasetDto })
  @ConflictResponse('A dataset of that name exists')
  create(
    @RequestOrigin() origin: EnvelopeOrigin,
    @SchemaBody(createDatasetProblems) body: CreateDatasetBody,
  ): Promise<DatasetDto> {
    return this.datasets.create(origin, body);
  }

  @Get()
  @ApiOperation({ summary: 'List datasets, newest first (a page; ?cursor=nextCursor for the next)' })
  @ApiOkResponse({ type: DatasetPageDto })
  list(@RequestOrigin() origin: EnvelopeOrigin, @Query() query: PageQueryDto): Promise<Page<DatasetDto>> {
    return this.datasets.list(origin, query);
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
