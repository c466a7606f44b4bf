import {
  Body,
  createParamDecorator,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  type ExecutionContext,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
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
import type { HttpReply, HttpRequest } from '../http/request-info';
import {
  ExecuteWorkflowDto,
  ListWorkflowsQueryDto,
  RunStartedDto,
  WorkflowPageDto,
  WorkflowViewDto,
} from './dto/workflow.dto';
import { WorkflowsService } from './workflows.service';

/**
 * The `Idempotency-Key` header, read without `@Headers`, which would document it a second time
 * (lower-case and required) beside the `@ApiHeader` below.
 */
const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<HttpRequest>().headers['idempotency-key'];
    return typeof value === 'string' ? value : undefined;
  },
);

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
  @ApiBody({
    type: ExecuteWorkflowDto,
    required: false,
    description: 'Optional: no body runs the latest version with {}',
  })
  @ApiAcceptedResponse({
    type: RunStartedDto,
    description: 'The run is started (or, for a known idempotency key, was already)',
    headers: { Location: { description: 'The run: links.self', schema: { type: 'string' } } },
  })
  async execute(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('name', ResourceNamePipe) name: string,
    @Body() body: ExecuteWorkflowDto,
    @Res({ passthrough: true }) res: HttpReply,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<RunStartedDto> {
    const started = await this.workflows.execute(origin, name, body, idempotencyKey);
    res.header('Location', started.links.self);
    return started;
  }
}
