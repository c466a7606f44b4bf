import 'reflect-metadata';
import { loadConfig } from '@ensemble/config';
import { startService } from '@ensemble/messaging';
import { AppModule, SERVICE } from './app.module';
import { RegistryConfig } from './registry.config';

const config = loadConfig(RegistryConfig);
void startService(AppModule.register(config), { service: SERVICE, port: config.PORT });
