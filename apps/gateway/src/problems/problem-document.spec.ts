import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { RetryLaterError, toProblem } from './problem-document';

const context = { instance: '/api/v1/workflows', correlationId: 'corr-1' };

describe('toProblem', () => {
  it('turns a DomainError into an RFC 9457 document with its details as errors', () => {
    const details = [{ path: 'steps[0].dependsOn[0]', message: 'unknown step' }];
    const problem = toProblem(
      new DomainError('VALIDATION_FAILED', 'the definition is invalid', details),
      context,
    );

    expect(problem.body).toEqual({
      type: 'urn:ensemble:problem:validation-failed',
      title: 'Validation failed',
      status: 400,
      detail: 'the definition is invalid',
      instance: '/api/v1/workflows',
      correlationId: 'corr-1',
      code: 'VALIDATION_FAILED',
      errors: details,
    });
    expect(problem.unexpected).toBe(false);
  });

  it('leaves errors out when the error has no details', () => {
    const problem = toProblem(new DomainError('UPSTREAM_UNAVAILABLE', 'registry is not running'), context);

    expect(problem.body).not.toHaveProperty('errors');
    expect(problem.body.status).toBe(503);
  });

  it('carries the retry delay of a rate-limited request', () => {
    const problem = toProblem(new RetryLaterError('RATE_LIMITED', 'slow down', 3), context);

    expect(problem.body.status).toBe(429);
    expect(problem.retryAfterSeconds).toBe(3);
  });

  it('maps Nest HTTP exceptions by their status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'), context).body).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Cannot GET /x',
    });
    expect(toProblem(new PayloadTooLargeException(), context).body).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      title: 'Payload too large',
    });
  });

  it('lists the messages of a BadRequestException that carries several', () => {
    const problem = toProblem(new BadRequestException(['name is required', 'role is invalid']), context);

    expect(problem.body.errors).toEqual([
      { path: '', message: 'name is required' },
      { path: '', message: 'role is invalid' },
    ]);
  });

  it('gives errors one shape, [{path, message}], whatever shape the details came in', () => {
    const errorsOf = (details: unknown): unknown =>
      toProblem(new DomainError('VALIDATION_FAILED', 'invalid', details), context).body.errors;

    expect(errorsOf(['/order/amount must be number'])).toEqual([
      { path: '', message: '/order/amount must be number' },
    ]);
    expect(errorsOf([{ instancePath: '/rules/0', message: 'must have required property id' }])).toEqual([
      { path: '/rules/0', message: 'must have required property id' },
    ]);
    expect(errorsOf([{ path: 'name', message: 'is taken', extra: 1 }])).toEqual([
      { path: 'name', message: 'is taken' },
    ]);
    expect(errorsOf([{ line: 3 }])).toEqual([{ path: '', message: '{"line":3}' }]);
    expect(errorsOf({ status: 'running' })).toBeUndefined();
    expect(errorsOf([])).toBeUndefined();
  });

  it('maps a body-parser error (http-errors convention) to a client error', () => {
    const parseError = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      status: 400,
      expose: true,
    });

    expect(toProblem(parseError, context).body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('hides the message and stack of an unexpected error and flags it for logging', () => {
    const problem = toProblem(new TypeError('secret internals at /srv/app.js:12'), context);

    expect(problem.body.status).toBe(500);
    expect(problem.body.code).toBe('INTERNAL');
    expect(JSON.stringify(problem.body)).not.toContain('secret internals');
    expect(JSON.stringify(problem.body)).not.toContain('app.js');
    expect(problem.unexpected).toBe(true);
  });
});
