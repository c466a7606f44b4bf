import 'reflect-metadata';
import { loadConfig } from '@ensemble/config';
import { startService } from '@ensemble/messaging';
import { AppModule, SERVICE } from './app.module';
import { ValidationAgentConfig } from './validation-agent.config';

const config = loadConfig(ValidationAgentConfig);
void startService(AppModule.register(config), { service: SERVICE, port: config.PORT });
