import { MessagingTables1763700000000 } from '@ensemble/persistence';
import { migrations as validation } from '../../apps/validation-agent/src/migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const BY_APP: Record<string, Function[]> = {
  'validation-agent': validation,
};

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function migrationsOf(app: string): Function[] {
  return BY_APP[app] ?? [MessagingTables1763700000000];
}
