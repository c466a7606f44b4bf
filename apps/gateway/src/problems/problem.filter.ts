import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { CORRELATION_HEADER } from '@ensemble/observability';
import { correlationIdOf, pathOf, type HttpReply, type HttpRequest } from '../http/request-info';
import { PROBLEM_CONTENT_TYPE } from './problem-content-type';
import { toProblem, type Problem } from './problem-document';

/** Every error leaves the gateway as `application/problem+json`, never with a stack trace. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<HttpRequest>(), http.getResponse<HttpReply>(), exception, this.logger);
  }
}

/** Answers `exception` as a problem document (unless a response already left), logging the unexpected. */
export function sendProblem(req: HttpRequest, reply: HttpReply, exception: unknown, logger: Logger): void {
  const problem = toProblem(exception, { instance: pathOf(req), correlationId: correlationIdOf(req) });
  if (problem.unexpected) {
    const message = exception instanceof Error ? exception.message : problem.body.detail;
    const stack = exception instanceof Error ? exception.stack : undefined;
    logger.error(`${req.method} ${pathOf(req)} failed: ${message}`, stack);
  }
  if (reply.sent || reply.raw.headersSent) return;
  setHeaders(reply, problem);
  void reply.code(problem.body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.body));
}

function setHeaders(reply: HttpReply, problem: Problem): void {
  if (!reply.hasHeader(CORRELATION_HEADER) && !reply.raw.hasHeader(CORRELATION_HEADER))
    reply.header(CORRELATION_HEADER, problem.body.correlationId);
  if (problem.retryAfterSeconds !== undefined) reply.header('Retry-After', String(problem.retryAfterSeconds));
  if (problem.body.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="ensemble"');
}
