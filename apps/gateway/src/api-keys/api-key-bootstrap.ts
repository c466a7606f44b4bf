import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { displayPrefixOf } from './api-key-secret';
import { ApiKeysService } from './api-keys.service';

/** Gives a fresh install a first admin key (GATEWAY_BOOTSTRAP_API_KEY), once, whatever the replicas. */
@Injectable()
export class ApiKeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeyBootstrap.name);

  constructor(
    private readonly keys: ApiKeysService,
    private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.GATEWAY_BOOTSTRAP_API_KEY;
    if (!key) return;
    const tenant = this.config.GATEWAY_BOOTSTRAP_TENANT;
    const created = await this.keys.ensure(tenant, 'bootstrap', 'admin', key);
    const prefix = displayPrefixOf(key);
    this.logger.log(
      created
        ? `created bootstrap admin key ${prefix}… for tenant ${tenant}`
        : `bootstrap key ${prefix}… already present`,
    );
  }
}
