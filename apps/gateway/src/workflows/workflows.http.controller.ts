import { Body, Get, Headers, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import {
  workflowDefinitionProblems,
  type EnvelopeOrigin,
  type Page,
  type WorkflowDefinition,
  type WorkflowView,
} from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, UpstreamResponses } from '../http/api-controller.decorator';
import { VersionQueryDto } from '../http/page-query.dto';
import { ResourceNamePipe } from '../http/params';
import { ApiSchemaBody, SchemaBody } from '../http/schema-body';
import {
  ExecuteWorkflowDto,
  ListWorkflowsQueryDto,
  RunStartedDto,
  WorkflowPageDto,
  WorkflowViewDto,
} from './dto/workflow.dto';
import { WorkflowsService } from './workflows.service';

@ApiController('workflows', 'workflows')
@UpstreamResponses()
export class WorkflowsHttpController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Post()
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Create a workflow definition (a new immutable version of its name)' })
  @ApiSchemaBody('WorkflowDefinition')
  @ApiCreatedResponse({ type: WorkflowViewDto })
  create(
    @RequestOrigin() origin: EnvelopeOrigin,
    @SchemaBody(workflowDefinitionProblems) body: WorkflowDefinition,
  ): Promise<WorkflowView> {
    return this.workflows.create(origin, body);
  }

  @Get()
  @ApiOperation({ summary: 'List workflow definitions' })
  @ApiOkResponse({ type: WorkflowPageDto })
  list(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Query() query: ListWorkflowsQueryDto,
  ): Promise<Page<WorkflowView>> {
    return this.workflows.list(origin, query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a workflow definition (the latest version unless ?version)' })
  @ApiOkResponse({ type: WorkflowViewDto })
  get(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('name', ResourceNamePipe) name: string,
    @Query() query: VersionQueryDto,
  ): Promise<WorkflowView> {
    return this.workflows.get(origin, name, query.version);
  }

  @Post(':name/execute')
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Start a run of the workflow' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key returns the same run' })
  @ApiAcceptedResponse({ type: RunStartedDto })
  execute(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('name', ResourceNamePipe) name: string,
    @Body() body: ExecuteWorkflowDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RunStartedDto> {
    return this.workflows.execute(origin, name, body, idempotencyKey);
  }
}
