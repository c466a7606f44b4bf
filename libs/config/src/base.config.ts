import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Settings every app shares: where Postgres and RabbitMQ are, how names are prefixed, and how
 * it logs. Each app extends this with its own port and knobs.
 */
export class BaseConfig {
  @IsString()
  PGHOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PGPORT = 5432;

  @IsString()
  PGDATABASE = 'ensemble';

  /** Admin user, used only by the bootstrap/migrate step to create schemas and roles. */
  @IsString()
  PGADMIN_USER = 'postgres';

  @IsOptional()
  @IsString()
  PGADMIN_PASSWORD?: string;

  /** Password of this app's own database role (empty under trust auth). */
  @IsOptional()
  @IsString()
  DB_PASSWORD?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /** This app's own broker login and the Ensemble vhost (the launcher provisions one user per app). */
  @IsString()
  AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

  /** The vhost every Ensemble queue and exchange lives in; provisioning creates it. */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/)
  BROKER_VHOST = 'ensemble';

  /**
   * RabbitMQ management API with an administrator login: used only by provisioning (`migrate`,
   * `npm start`) and by the registry, which creates and deletes agent principals.
   */
  @IsString()
  BROKER_ADMIN_URL = 'http://guest:guest@127.0.0.1:15672';

  /** Prefix of every exchange and queue name; tests use a unique one per run. */
  @Matches(/^[a-z][a-z0-9_-]*$/)
  BROKER_PREFIX = 'ensemble';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  BROKER_PREFETCH = 256;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  RPC_TIMEOUT_MS = 5000;

  @IsIn(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
  LOG_LEVEL = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 0;

  /** Fault injection for crash tests: hold each task this long after commit, before ack. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CHAOS_HOLD_BEFORE_ACK_MS = 0;
}
