import { Module } from '@nestjs/common';
import { ExpressionsModule } from '@ensemble/expressions';
import { MESSAGING_SETTINGS } from '@ensemble/messaging';
import { BusNames } from '../engine/bus-names';
import { CompensationService } from '../engine/compensation.service';
import { Dispatcher } from '../engine/dispatcher';
import { EngineMetrics } from '../engine/engine-metrics';
import { EngineService } from '../engine/engine.service';
import { Expressions } from '../engine/expressions';
import { InputSchemas } from '../engine/input-schema';
import { LockedRuns } from '../engine/locked-runs';
import { ResultApplier } from '../engine/result-applier';
import { ResultsService } from '../engine/results.service';
import { RunDefinitions } from '../engine/run-definitions';
import { RunLoader } from '../engine/run-loader';
import { RunsRepository } from '../engine/runs.repository';
import { RunWriter } from '../engine/run-writer';
import { TimersService } from '../engine/timers.service';
import { PrincipalsModule } from '../principals/principals.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { WorkflowsRepository } from '../workflows/workflows.repository';
import { RunControlService } from './run-control.service';
import { RunsRmqController } from './runs.rmq.controller';
import { RunsService } from './runs.service';

@Module({
  imports: [WorkflowsModule, ExpressionsModule, PrincipalsModule],
  providers: [
    Expressions,
    InputSchemas,
    { provide: BusNames, useExisting: MESSAGING_SETTINGS },
    Dispatcher,
    CompensationService,
    EngineService,
    RunsRepository,
    RunWriter,
    EngineMetrics,
    RunLoader,
    { provide: RunDefinitions, useExisting: WorkflowsRepository },
    LockedRuns,
    ResultApplier,
    ResultsService,
    TimersService,
    RunsService,
    RunControlService,
  ],
  controllers: [RunsRmqController],
})
export class RunsModule {}
