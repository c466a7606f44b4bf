import 'reflect-metadata';
import { loadConfig } from '@ensemble/config';
import { startService } from '@ensemble/messaging';
import { AppModule, SERVICE } from './app.module';
import { GatewayConfig } from './gateway.config';
import { configureHttp, routerErrors } from './http/configure-http';

const config = loadConfig(GatewayConfig);
void startService(AppModule.register(config), {
  service: SERVICE,
  port: config.PORT,
  configureHttp,
  frameworkErrors: routerErrors,
});
