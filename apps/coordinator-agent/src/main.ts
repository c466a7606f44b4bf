import 'reflect-metadata';
import { loadConfig } from '@ensemble/config';
import { startService } from '@ensemble/messaging';
import { AppModule, SERVICE } from './app.module';
import { CoordinatorAgentConfig } from './coordinator-agent.config';

const config = loadConfig(CoordinatorAgentConfig);
void startService(AppModule.register(config), { service: SERVICE, port: config.PORT });
