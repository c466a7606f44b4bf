import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  MessageTypes,
  RUN_STATUSES,
  StepResultPayload,
  DomainError,
  type Envelope,
  type Page,
  type RunControlRequest,
  type RunListRequest,
  type RunStartReply,
  type RunStartRequest,
  type RunStatus,
  type RunView,
} from '@ensemble/contracts';
import { RmqController, requirePayload, senderFrom } from '@ensemble/messaging';
import { ResultsService } from '../engine/results.service';
import {
  optionalInt,
  optionalVersion,
  optionalIsoTime,
  optionalString,
  requireString,
  requireUuid,
  storable,
} from '../common/request-checks';
import { RunControlService } from './run-control.service';
import { RunsService } from './runs.service';

const ACTIONS = ['cancel', 'pause', 'resume', 'retry'] as const;

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
  start(@Payload() envelope: Envelope<RunStartRequest>): Promise<RunStartReply> {
    const p = envelope.payload;
    const version = optionalVersion(p.version, 'version');
    const idempotencyKey = optionalString(p.idempotencyKey, 'idempotencyKey');
    const request: RunStartRequest = {
      workflow: requireString(p.workflow, 'workflow'),
      input: storable(p.input ?? null, 'input'),
      ...(version === undefined ? {} : { version }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    };
    return this.runs.start(envelope.tenantId, request, envelope.correlationId);
  }

  @MessagePattern(MessageTypes.rpc.runList)
  list(@Payload() envelope: Envelope<RunListRequest>): Promise<Page<Omit<RunView, 'steps'>>> {
    const p = envelope.payload;
    const status = optionalString(p.status, 'status');
    if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) {
      throw new DomainError('VALIDATION_FAILED', `status must be one of ${RUN_STATUSES.join(', ')}`);
    }
    const workflow = optionalString(p.workflow, 'workflow');
    const createdAfter = optionalIsoTime(p.createdAfter, 'createdAfter');
    const createdBefore = optionalIsoTime(p.createdBefore, 'createdBefore');
    const filter = {
      ...(status === undefined ? {} : { status: status as RunStatus }),
      ...(workflow === undefined ? {} : { workflow }),
      ...(createdAfter === undefined ? {} : { createdAfter }),
      ...(createdBefore === undefined ? {} : { createdBefore }),
    };
    return this.runs.list(
      envelope.tenantId,
      filter,
      optionalInt(p.limit, 'limit'),
      optionalString(p.cursor, 'cursor'),
    );
  }

  @MessagePattern(MessageTypes.rpc.runControl)
  controlRun(@Payload() envelope: Envelope<RunControlRequest>): Promise<RunView> {
    const p = envelope.payload;
    const action = requireString(p.action, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new DomainError('VALIDATION_FAILED', `action must be one of ${ACTIONS.join(', ')}`);
    }
    const reason = optionalString(p.reason, 'reason') ?? `${action} requested`;
    return this.control.control(
      envelope.tenantId,
      requireUuid(p.runId, 'runId'),
      action as RunControlRequest['action'],
      reason,
    );
  }
}
