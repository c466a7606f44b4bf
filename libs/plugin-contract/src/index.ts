export * from './plugin';
export * from './host/task-execution.entity';
export * from './host/task-executions.migration';
export * from './host/agent-host.service';
export * from './host/agent-announcer';
export * from './host/agent-host.module';
export * from './host/agent-app.module';
