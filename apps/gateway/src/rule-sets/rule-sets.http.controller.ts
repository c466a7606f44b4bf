import { createRuleSetProblems } from '@ensemble/contracts';
import { versionedResourceController } from '../versioned-resources/versioned-resources.http.controller';
import { RuleSetsService } from './rule-sets.service';

export const RuleSetsHttpController = versionedResourceController('rule-sets', 'rule set', RuleSetsService, {
  create: 'CreateRuleSet',
  check: createRuleSetProblems,
  body: 'RuleSetBody',
  view: 'RuleSetDto',
});
