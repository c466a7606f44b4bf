import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ExpressionCache } from '@ensemble/expressions';
import type { CreateTransformationRequest, TransformationView } from './dto/create-transformation.request';
import { invalidExpression, transformationExists } from './transformations.errors';
import { TransformationsRepository } from './transformations.repository';

@Injectable()
export class TransformationsService {
  constructor(
    private readonly transformations: TransformationsRepository,
    private readonly expressions: ExpressionCache,
  ) {}

  async create(tenantId: string, request: CreateTransformationRequest): Promise<TransformationView> {
    const compiled = this.expressions.compile(request.expression);
    if (!compiled.ok) throw invalidExpression(compiled.problem);
    const created = await this.transformations.insert(
      tenantId,
      randomUUID(),
      request.name,
      request.expression,
    );
    if (!created) throw transformationExists(request.name);
    return created;
  }

  list(tenantId: string): Promise<TransformationView[]> {
    return this.transformations.list(tenantId);
  }

  /** The expression of the tenant's transformation `name`, if it has one. */
  expressionNamed(tenantId: string, name: string): Promise<string | undefined> {
    return this.transformations.findExpression(tenantId, name);
  }
}
