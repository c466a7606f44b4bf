import { applyDecorators, Catch, Controller, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns every error into a generic object, losing whether it is
 * retryable. This one hands the original error back to EnsembleTransport, which decides.
 */
@Catch()
export class RethrowRpcFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** A controller of RabbitMQ handlers whose errors reach EnsembleTransport unchanged. */
export function RmqController(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RethrowRpcFilter()));
}
