import { DomainError } from '@ensemble/contracts';

export enum PrincipalErrorCode {
  InvalidRequest = 'INVALID_REQUEST',
  NameTaken = 'NAME_TAKEN',
  NotFound = 'NOT_FOUND',
  BrokerUnavailable = 'BROKER_UNAVAILABLE',
}

export function principalError(code: PrincipalErrorCode, message: string, details?: unknown): DomainError {
  switch (code) {
    case PrincipalErrorCode.InvalidRequest:
      return new DomainError('VALIDATION_FAILED', message, details);
    case PrincipalErrorCode.NameTaken:
      return new DomainError('CONFLICT', message, details);
    case PrincipalErrorCode.NotFound:
      return new DomainError('NOT_FOUND', message, details);
    case PrincipalErrorCode.BrokerUnavailable:
      return new DomainError('UPSTREAM_UNAVAILABLE', message, details);
  }
}
