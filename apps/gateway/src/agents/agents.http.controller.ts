import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AgentView, EnvelopeOrigin } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { ApiController, UpstreamResponses } from '../http/api-controller.decorator';
import { AgentsService } from './agents.service';
import { AgentDto, ListAgentsQueryDto } from './dto/agent.dto';

@ApiController('agents', 'agents')
@UpstreamResponses()
export class AgentsHttpController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: 'List registered agents, by capability and health' })
  @ApiOkResponse({ type: [AgentDto] })
  list(@RequestOrigin() origin: EnvelopeOrigin, @Query() query: ListAgentsQueryDto): Promise<AgentView[]> {
    return this.agents.list(origin, query);
  }
}
