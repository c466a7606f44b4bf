import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  MessageTypes,
  StepResultPayload,
  type Envelope,
  type Page,
  type RunStartReply,
  type RunSummary,
  type RunView,
} from '@ensemble/contracts';
import { checkedPayload, RmqController, requirePayload, senderFrom } from '@ensemble/messaging';
import { ResultsService } from '../engine/results.service';
import { checkIsoTime } from '../common/request-checks';
import { RunControlService } from './run-control.service';
import { RunsService } from './runs.service';

@RmqController()
export class RunsRmqController {
  constructor(
    private readonly runs: RunsService,
    private readonly control: RunControlService,
    private readonly results: ResultsService,
  ) {}

  @EventPattern(MessageTypes.agents.stepResult)
  async result(@Payload() envelope: Envelope, @Ctx() context: unknown): Promise<void> {
    await this.results.apply(await requirePayload(StepResultPayload, envelope), senderFrom(context));
  }

  @MessagePattern(MessageTypes.rpc.runStart)
  start(@Payload() envelope: Envelope): Promise<RunStartReply> {
    const p = checkedPayload(MessageTypes.rpc.runStart, envelope);
    return this.runs.start(envelope.tenantId, { ...p, input: p.input ?? null }, envelope.correlationId);
  }

  @MessagePattern(MessageTypes.rpc.runList)
  list(@Payload() envelope: Envelope): Promise<Page<RunSummary>> {
    const { limit, cursor, ...filter } = checkedPayload(MessageTypes.rpc.runList, envelope);
    checkIsoTime(filter.createdAfter, 'createdAfter');
    checkIsoTime(filter.createdBefore, 'createdBefore');
    return this.runs.list(envelope.tenantId, filter, limit, cursor);
  }

  @MessagePattern(MessageTypes.rpc.runControl)
  controlRun(@Payload() envelope: Envelope): Promise<RunView> {
    const { runId, action, reason } = checkedPayload(MessageTypes.rpc.runControl, envelope);
    return this.control.control(envelope.tenantId, runId, action, reason ?? `${action} requested`);
  }
}
