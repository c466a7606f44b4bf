import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { GatewayTables1763700002000 } from './1763700002000-gateway-tables';
import { ListKeysets1763800010000 } from './1763800010000-list-keysets';

export const migrations = [
  MessagingTables1763700000000,
  GatewayTables1763700002000,
  ListKeysets1763800010000,
];
