import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError, RESOURCE_NAME_PATTERN } from '@ensemble/contracts';

function invalid(field: string, expected: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field} must be ${expected}`, [
    { path: field, message: `must be ${expected}` },
  ]);
}

/** A malformed id is the caller's mistake (400), not a lookup that fails deeper down. */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUUID(value)) throw invalid(metadata.data ?? 'id', 'a UUID');
    return value;
  }
}

@Injectable()
export class VersionParamPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    // The global ValidationPipe may already have turned the path segment into a number.
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !/^[1-9]\d{0,8}$/.test(text))
      throw invalid(metadata.data ?? 'version', 'a positive integer');
    return Number(text);
  }
}

/** Names of workflows, rule sets and decision tables: they appear in URLs. */
export const RESOURCE_NAME = RESOURCE_NAME_PATTERN;

@Injectable()
export class ResourceNamePipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !RESOURCE_NAME.test(value))
      throw invalid(
        metadata.data ?? 'name',
        '1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      );
    return value;
  }
}
