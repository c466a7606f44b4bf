import { migrations as coordinator } from '../../apps/coordinator-agent/src/migrations';
import { migrations as data } from '../../apps/data-agent/src/migrations';
import { migrations as decision } from '../../apps/decision-agent/src/migrations';
import { migrations as gateway } from '../../apps/gateway/src/migrations';
import { migrations as orchestrator } from '../../apps/orchestrator/src/migrations';
import { migrations as registry } from '../../apps/registry/src/migrations';
import { migrations as validation } from '../../apps/validation-agent/src/migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const BY_APP = new Map<string, Function[]>(
  Object.entries({
    registry,
    orchestrator,
    gateway,
    'validation-agent': validation,
    'decision-agent': decision,
    'data-agent': data,
    'coordinator-agent': coordinator,
  }),
);

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function migrationsOf(app: string): Function[] {
  const migrations = BY_APP.get(app);
  if (!migrations) throw new Error(`unknown app ${app}`);
  return migrations;
}
