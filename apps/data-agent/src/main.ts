import 'reflect-metadata';
import { loadConfig } from '@ensemble/config';
import { startService } from '@ensemble/messaging';
import { AppModule, SERVICE } from './app.module';
import { DataAgentConfig } from './data-agent.config';

const config = loadConfig(DataAgentConfig);
void startService(AppModule.register(config), { service: SERVICE, port: config.PORT });
