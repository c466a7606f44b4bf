import type { ApiPropertyOptions } from '@nestjs/swagger';

/**
 * Any JSON value: a run's input and output, a step's, an event's data. Described as a `oneOf` of
 * every JSON type, so a generated client sees an object with any properties, an array, a scalar
 * or null, not `Record<string, never>`.
 */
export function jsonValue(description: string, required = true): ApiPropertyOptions {
  return {
    description,
    required,
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
    ],
    nullable: true,
  };
}
