import 'reflect-metadata';
import { loadConfig } from '@ensemble/config';
import { startService } from '@ensemble/messaging';
import { AppModule, SERVICE } from './app.module';
import { DecisionAgentConfig } from './decision-agent.config';

const config = loadConfig(DecisionAgentConfig);
void startService(AppModule.register(config), { service: SERVICE, port: config.PORT });
