import { Inject, Injectable } from '@nestjs/common';
import {
  agentPermissions,
  BrokerAdmin,
  MESSAGING_SETTINGS,
  type MessagingSettings,
} from '@ensemble/messaging';
import { RegistryConfig } from '../registry.config';
import { principalError, PrincipalErrorCode } from './principals.errors';

/** The broker side of an agent principal: its login and permissions, created and removed through the management API. */
@Injectable()
export class AgentBrokerAccess {
  private readonly admin: BrokerAdmin;
  readonly vhost: string;

  constructor(
    config: RegistryConfig,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
  ) {
    this.admin = new BrokerAdmin(config.BROKER_ADMIN_URL);
    this.vhost = config.BROKER_VHOST;
  }

  async grant(username: string, password: string, taskQueues: string[]): Promise<void> {
    await this.guard(async () => {
      await this.admin.putUser(username, password);
      await this.admin.setPermissions(
        this.vhost,
        username,
        agentPermissions(taskQueues, this.settings.names),
      );
    });
  }

  /** Deletes the login and closes whatever connections it still has open. */
  async revoke(username: string): Promise<void> {
    await this.guard(async () => {
      await this.admin.deleteUser(username);
      await this.admin.closeConnectionsOf(username);
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw principalError(
        PrincipalErrorCode.BrokerUnavailable,
        `the broker could not be updated: ${(error as Error).message}`,
      );
    }
  }
}
