import { Injectable } from '@nestjs/common';
import type { VersionedResourceView } from '@ensemble/contracts';
import { TransactionRunner, VersionedResources } from '@ensemble/persistence';
import type { RuleSetBody } from '../rules/rule-types';
import { parseRuleSetBody } from './rule-set-body';
import { invalidRuleSet } from './rule-sets.errors';
import { RuleSetsRepository } from './rule-sets.repository';

export type RuleSetView = VersionedResourceView<RuleSetBody>;

/** A body is stored as given once every rule parses. */
export function checkRuleSetBody(body: unknown): RuleSetBody {
  const parsed = parseRuleSetBody(body);
  if (!parsed.ok) throw invalidRuleSet(parsed.problems);
  return body as RuleSetBody;
}

/** Versioned rule sets per tenant: immutable bodies, at most one active version per name. */
@Injectable()
export class RuleSetsService extends VersionedResources<RuleSetBody> {
  constructor(transactions: TransactionRunner, repository: RuleSetsRepository) {
    super(transactions, repository, { noun: 'rule set', check: checkRuleSetBody });
  }
}
