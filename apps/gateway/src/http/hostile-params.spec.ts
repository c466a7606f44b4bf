import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@ensemble/contracts';
import { GetDatasetQueryDto } from '../datasets/dto/dataset.dto';
import { ListRunsQueryDto } from '../runs/dto/run.dto';
import { ExecuteWorkflowDto } from '../workflows/dto/workflow.dto';
import { VersionQueryDto } from './page-query.dto';
import { requestValidationPipe, type FieldError } from './validation';

async function pathsOf(value: unknown, metadata: ArgumentMetadata): Promise<string[]> {
  try {
    await requestValidationPipe().transform(value, metadata);
  } catch (error) {
    if (error instanceof DomainError) return (error.details as FieldError[]).map((p) => p.path);
    throw error;
  }
  return [];
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

describe('hostile parameters are refused with the field named, before any database sees them', () => {
  it('refuses a version beyond a Postgres integer, in the query and in the body', async () => {
    expect(await pathsOf({ version: '2147483648' }, query(VersionQueryDto))).toEqual(['version']);
    expect(await pathsOf({ version: 1e15 }, { type: 'body', metatype: ExecuteWorkflowDto })).toEqual([
      'version',
    ]);
    expect(await pathsOf({ version: '2147483647' }, query(VersionQueryDto))).toEqual([]);
  });

  it('refuses a huge dataset offset', async () => {
    expect(await pathsOf({ offset: '99999999999999999999' }, query(GetDatasetQueryDto))).toEqual(['offset']);
  });

  it('refuses a cursor that no page ever issued', async () => {
    expect(await pathsOf({ cursor: '1e+21' }, query(ListRunsQueryDto))).toEqual(['cursor']);
    expect(await pathsOf({ cursor: 'MTA' }, query(ListRunsQueryDto))).toEqual([]);
  });

  it('refuses impossible dates and accepts real ones', async () => {
    expect(await pathsOf({ createdAfter: '2026-02-30' }, query(ListRunsQueryDto))).toEqual(['createdAfter']);
    expect(await pathsOf({ createdBefore: '2026-02-28T10:00:00Z' }, query(ListRunsQueryDto))).toEqual([]);
  });
});
