import { Body, Delete, Get, Header, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import type { AgentCredentials, AgentView, EnvelopeOrigin, Page } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { ADMINS } from '../auth/roles';
import { Roles } from '../auth/roles.decorator';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { UuidParamPipe } from '../http/params';
import { AgentsService } from './agents.service';
import { AgentCredentialsDto, AgentPageDto, CreateAgentDto, ListAgentsQueryDto } from './dto/agent.dto';

@ApiController('agents', 'agents')
@UpstreamResponses()
export class AgentsHttpController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: 'List registered agents by agent id, a page at a time, by capability and health' })
  @ApiOkResponse({ type: AgentPageDto })
  list(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Query() query: ListAgentsQueryDto,
  ): Promise<Page<AgentView>> {
    return this.agents.list(origin, query);
  }

  @Post()
  @Roles(...ADMINS)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Create an agent principal in the caller's tenant; its broker password is returned once",
  })
  @ApiCreatedResponse({ type: AgentCredentialsDto })
  @ConflictResponse('An agent of that name exists in the tenant')
  create(@RequestOrigin() origin: EnvelopeOrigin, @Body() body: CreateAgentDto): Promise<AgentCredentials> {
    return this.agents.create(origin, body);
  }

  @Delete(':id')
  @Roles(...ADMINS)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Revoke an agent principal: its broker login is deleted and its connections closed',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked)' })
  revoke(@RequestOrigin() origin: EnvelopeOrigin, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.agents.revoke(origin, id);
  }
}
