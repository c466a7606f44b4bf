import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LruCache } from '@ensemble/caching';
import { DecisionError } from './decision.errors';
import type { Aggregation, DecisionTable, HitPolicy } from './decision-table';
import { isAnyEntry } from './feel';
import { stableKey } from './json-value';
import { checkTable, describeProblems } from './table-validator';

export interface CompiledRule {
  index: number;
  id?: string;
  /** One unary test per input; null where the entry matches anything. */
  tests: (string | null)[];
  outputs: string[];
}

/** A table checked once and reshaped for evaluation. */
export interface CompiledTable {
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: string[];
  outputNames: string[];
  /** Per output: the rank of each priority value (0 = highest), keyed by `stableKey`. */
  ranks: (Map<string, number> | undefined)[];
  rules: CompiledRule[];
}

const CACHE_CAPACITY = 500;

/** Throws INVALID_DECISION_TABLE naming every problem when the table is not valid. */
export function compileTable(raw: unknown): CompiledTable {
  const check = checkTable(raw);
  if (!check.ok) {
    const message = `invalid decision table: ${describeProblems(check.problems)}`;
    throw new DecisionError('INVALID_DECISION_TABLE', message, { problems: check.problems });
  }
  return reshape(check.table);
}

function reshape(table: DecisionTable): CompiledTable {
  return {
    hitPolicy: table.hitPolicy,
    ...(table.aggregation === undefined ? {} : { aggregation: table.aggregation }),
    inputs: table.inputs.map((input) => input.expression),
    outputNames: table.outputs.map((output) => output.name),
    ranks: table.outputs.map((output) =>
      output.priorities
        ? new Map(output.priorities.map((value, rank) => [stableKey(value), rank]))
        : undefined,
    ),
    rules: table.rules.map((rule, index) => ({
      index,
      ...(rule.id === undefined ? {} : { id: rule.id }),
      tests: rule.inputEntries.map((entry) => (isAnyEntry(entry) ? null : entry)),
      outputs: rule.outputEntries,
    })),
  };
}

/** The cache key of an inline table: its content. */
export function contentKey(raw: unknown): string {
  const text = (JSON.stringify(raw) as string | undefined) ?? 'undefined';
  return `inline:${createHash('sha256').update(text).digest('hex')}`;
}

/** Compiles each distinct table once; keeps the most recently used ones. */
@Injectable()
export class TableCompiler {
  private readonly cache = new LruCache<string, CompiledTable>(CACHE_CAPACITY);

  /** `key` must change whenever the table does (stored tables: tenant, name and version). */
  compile(raw: unknown, key: string = contentKey(raw)): CompiledTable {
    const cached = this.get(key);
    if (cached) return cached;
    const compiled = compileTable(raw);
    this.cache.set(key, compiled);
    return compiled;
  }

  get(key: string): CompiledTable | undefined {
    return this.cache.get(key);
  }
}
