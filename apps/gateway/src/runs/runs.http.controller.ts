import { applyDecorators, Body, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { EnvelopeOrigin, Page, RunView } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { UuidParamPipe } from '../http/params';
import type { HttpReply } from '../http/request-info';
import { ListRunsQueryDto, RunControlDto, RunDto, RunEventDto, RunPageDto } from './dto/run.dto';
import { RunsService, type RunSummary } from './runs.service';

/** A run control: its body (a reason) is optional; 409 when the run's status does not allow it. */
function ControlResponses(done: string): MethodDecorator {
  return applyDecorators(
    ApiBody({ type: RunControlDto, required: false }),
    ConflictResponse(`The run is in a status that cannot be ${done}`),
  );
}

@ApiController('runs', 'runs')
@UpstreamResponses()
export class RunsHttpController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  @ApiOperation({ summary: 'List runs, newest first' })
  @ApiOkResponse({ type: RunPageDto })
  list(@RequestOrigin() origin: EnvelopeOrigin, @Query() query: ListRunsQueryDto): Promise<Page<RunSummary>> {
    return this.runs.list(origin, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a run with its steps' })
  @ApiOkResponse({ type: RunDto })
  get(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<string> {
    res.type('application/json');
    return this.runs.get(origin, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The run's append-only event history" })
  @ApiOkResponse({ type: [RunEventDto] })
  history(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<string> {
    res.type('application/json');
    return this.runs.history(origin, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Cancel a run' })
  @ApiOkResponse({ type: RunDto })
  @ControlResponses('cancelled')
  cancel(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RunControlDto,
  ): Promise<RunView> {
    return this.runs.control(origin, id, 'cancel', body.reason);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Pause a run: no new steps are dispatched' })
  @ApiOkResponse({ type: RunDto })
  @ControlResponses('paused')
  pause(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RunControlDto,
  ): Promise<RunView> {
    return this.runs.control(origin, id, 'pause', body.reason);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Resume a paused run' })
  @ApiOkResponse({ type: RunDto })
  @ControlResponses('resumed')
  resume(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RunControlDto,
  ): Promise<RunView> {
    return this.runs.control(origin, id, 'resume', body.reason);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @Roles(...OPERATORS)
  @ApiOperation({ summary: 'Retry a failed run from its failed steps' })
  @ApiOkResponse({ type: RunDto })
  @ControlResponses('retried')
  retry(
    @RequestOrigin() origin: EnvelopeOrigin,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: RunControlDto,
  ): Promise<RunView> {
    return this.runs.control(origin, id, 'retry', body.reason);
  }
}
