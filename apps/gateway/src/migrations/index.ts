import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { GatewayTables1763700002000 } from './1763700002000-gateway-tables';

export const migrations = [MessagingTables1763700000000, GatewayTables1763700002000];
