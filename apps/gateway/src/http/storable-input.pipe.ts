import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, unstorableProblem } from '@ensemble/contracts';

/**
 * Refuses, with the field's path, any body, query or path value the database would reject (a
 * NUL character, an unpaired surrogate, hostile nesting) before it can fail a shared transaction.
 */
@Injectable()
export class StorableInputPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = unstorableProblem(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (problem) throw new DomainError('VALIDATION_FAILED', `${problem.path} ${problem.message}`, [problem]);
    return value;
  }
}
