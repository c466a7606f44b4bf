import {
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { hideReservedKeys, revealPath, revealReservedKeys } from './free-form';
import { StorableInputPipe } from './storable-input.pipe';

export interface FieldError {
  path: string;
  message: string;
}

/** Every failed constraint with its full path (`steps[0].retry.maxAttempts`). */
export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = revealPath(joinPath(prefix, e.property));
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message: revealPath(message) }));
    return [...own, ...fieldErrors(e.children ?? [], path)];
  });
}

function joinPath(prefix: string, property: string): string {
  if (/^\d+$/.test(property)) return `${prefix}[${property}]`;
  return prefix ? `${prefix}.${property}` : property;
}

/** The global pipes: unstorable values first, then the DTO's own rules. */
export function requestPipes(): PipeTransform[] {
  return [new StorableInputPipe(), requestValidationPipe()];
}

/** The DTO rules, with callers' keys such as `constructor` kept as plain data (see free-form.ts). */
class DataSafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return revealReservedKeys(await super.transform(hideReservedKeys(value), metadata));
  }
}

export function requestValidationPipe(): ValidationPipe {
  return new DataSafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'the request is invalid', fieldErrors(errors)),
  });
}
