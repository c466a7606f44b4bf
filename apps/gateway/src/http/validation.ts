import { ValidationPipe, type PipeTransform, type ValidationError } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { StorableInputPipe } from './storable-input.pipe';

export interface FieldError {
  path: string;
  message: string;
}

/** Every failed constraint with its full path (`steps[0].retry.maxAttempts`). */
export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = joinPath(prefix, e.property);
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
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

export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'the request is invalid', fieldErrors(errors)),
  });
}
