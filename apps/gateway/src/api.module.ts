import { Module, type DynamicModule } from '@nestjs/common';
import { AgentsModule } from './agents/agents.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DatasetsModule } from './datasets/datasets.module';
import { DecisionTablesModule } from './decision-tables/decision-tables.module';
import { GatewayConfigModule, type GatewayConfig } from './gateway.config';
import { RequestContextModule } from './http/request-context.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RuleSetsModule } from './rule-sets/rule-sets.module';
import { RunsModule } from './runs/runs.module';
import { TransformationsModule } from './transformations/transformations.module';
import { WorkflowsModule } from './workflows/workflows.module';

/** The public API: every feature of the gateway, without the infrastructure it runs on. */
@Module({})
export class ApiModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        RequestContextModule,
        RateLimitModule,
        AuditModule,
        AuthModule,
        ApiKeysModule,
        WorkflowsModule,
        RunsModule,
        AgentsModule,
        RuleSetsModule,
        DecisionTablesModule,
        DatasetsModule,
        TransformationsModule,
      ],
    };
  }
}
