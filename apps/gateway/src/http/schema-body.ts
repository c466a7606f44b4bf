import { applyDecorators, Body, type PipeTransform } from '@nestjs/common';
import { ApiBody, type OpenAPIObject } from '@nestjs/swagger';
import { bodySchemaComponents, bodySchemaRef, DomainError, type BodyCheck } from '@ensemble/contracts';

/**
 * Validates a request body against its JSON Schema from `@ensemble/contracts`, the same schema
 * the owning service checks and the OpenAPI document shows; every problem is reported as
 * `{ path, message }`.
 */
export class SchemaBodyPipe implements PipeTransform<unknown, unknown> {
  constructor(private readonly check: BodyCheck) {}

  transform(value: unknown): unknown {
    const problems = this.check(value);
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'the request is invalid', problems);
    return value;
  }
}

/** The body parameter, checked by `check`. */
export function SchemaBody(check: BodyCheck): ParameterDecorator {
  return Body(new SchemaBodyPipe(check));
}

/** Documents the route's body as the named body schema component. */
export function ApiSchemaBody(component: string): MethodDecorator {
  return applyDecorators(ApiBody({ schema: bodySchemaRef(component), required: true }));
}

/** The document with every body schema of `@ensemble/contracts` as a component, as routes reference them. */
export function withBodySchemas(document: OpenAPIObject): OpenAPIObject {
  const components = document.components ?? {};
  return {
    ...document,
    components: { ...components, schemas: { ...bodySchemaComponents(), ...components.schemas } },
  };
}
