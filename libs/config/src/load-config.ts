import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { productionProblems } from './production-guard';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg}`));
}

/**
 * Builds a validated config object from environment variables. Fails with every bad variable
 * listed at once, so a misconfigured boot stops with one readable message; in production that
 * includes every default or weak credential.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const instance = plainToInstance(
    cls,
    { ...env },
    { enableImplicitConversion: true, exposeDefaultValues: true },
  );
  const problems = [
    ...describe(validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: false })),
    ...productionProblems(instance, env),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return instance;
}
