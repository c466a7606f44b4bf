import { Controller, Get, Inject, Module, type DynamicModule, type Type } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { ApiOperation } from '@nestjs/swagger';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

/** Something readiness depends on: the app's database schema, the broker. */
export interface ReadinessProbe {
  readonly name: string;
  /** Resolves when usable; rejects (or resolves false) when not. */
  isReady(): Promise<boolean>;
}

export const READINESS_PROBES = Symbol('READINESS_PROBES');

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[],
  ) {}

  /** Process only: answers while the event loop runs. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process answers' })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when the database and the broker are usable, else 503' })
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.probes.map((probe) => () => this.probe(probe)));
  }

  private async probe(probe: ReadinessProbe): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(probe.name);
    try {
      return (await probe.isReady()) ? session.up() : session.down('not ready');
    } catch (error) {
      return session.down((error as Error).message);
    }
  }
}

@Module({})
export class HealthModule {
  /** `probes` are provider classes the importing module already provides. */
  static register(probes: Type<ReadinessProbe>[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_PROBES,
          useFactory: (...instances: ReadinessProbe[]) => instances,
          inject: probes,
        },
      ],
    };
  }
}
