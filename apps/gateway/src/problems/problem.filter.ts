import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CORRELATION_HEADER } from '@ensemble/observability';
import { correlationIdOf, pathOf } from '../http/request-info';
import { toProblem, type Problem } from './problem-document';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every error leaves the gateway as `application/problem+json`, never with a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = toProblem(exception, { instance: pathOf(req), correlationId: correlationIdOf(req) });
    if (problem.unexpected) {
      const message = exception instanceof Error ? exception.message : problem.body.detail;
      const stack = exception instanceof Error ? exception.stack : undefined;
      this.logger.error(`${req.method} ${pathOf(req)} failed: ${message}`, stack);
    }
    if (res.headersSent) return;
    setHeaders(res, problem);
    res.status(problem.body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.body));
  }
}

function setHeaders(res: Response, problem: Problem): void {
  if (!res.hasHeader(CORRELATION_HEADER)) res.setHeader(CORRELATION_HEADER, problem.body.correlationId);
  if (problem.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  if (problem.body.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="ensemble"');
}
