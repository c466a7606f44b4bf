import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { KeysetCursor, pageSize, type Page, type PageRequest } from '@ensemble/contracts';
import { ExpressionCache } from '@ensemble/expressions';
import type { TransformationCreateRequest, TransformationView } from './dto/create-transformation.request';
import { invalidExpression, transformationExists } from './transformations.errors';
import { TransformationsRepository } from './transformations.repository';

const TRANSFORMATION_CURSOR = new KeysetCursor('transformations', ['text']);

@Injectable()
export class TransformationsService {
  constructor(
    private readonly transformations: TransformationsRepository,
    private readonly expressions: ExpressionCache,
  ) {}

  async create(tenantId: string, request: TransformationCreateRequest): Promise<TransformationView> {
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

  /** A keyset page of the tenant's transformations, by name. */
  async list(tenantId: string, request: PageRequest): Promise<Page<TransformationView>> {
    const size = pageSize(request.limit);
    const after = TRANSFORMATION_CURSOR.decode(request.cursor)?.[0];
    const rows = await this.transformations.list(tenantId, size + 1, after);
    return TRANSFORMATION_CURSOR.page(
      rows,
      size,
      (view) => view,
      (view) => [view.name],
    );
  }

  /** The expression of the tenant's transformation `name`, if it has one. */
  expressionNamed(tenantId: string, name: string): Promise<string | undefined> {
    return this.transformations.findExpression(tenantId, name);
  }
}
