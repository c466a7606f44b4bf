import 'reflect-metadata';
import { loadConfig } from '@ensemble/config';
import { startService } from '@ensemble/messaging';
import { AppModule, SERVICE } from './app.module';
import { OrchestratorConfig } from './orchestrator.config';

const config = loadConfig(OrchestratorConfig);
void startService(AppModule.register(config), { service: SERVICE, port: config.PORT });
