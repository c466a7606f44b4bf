import { createDecisionTableProblems } from '@ensemble/contracts';
import { versionedResourceController } from '../versioned-resources/versioned-resources.http.controller';
import { DecisionTablesService } from './decision-tables.service';

export const DecisionTablesHttpController = versionedResourceController(
  'decision-tables',
  'decision table',
  DecisionTablesService,
  {
    create: 'CreateDecisionTable',
    check: createDecisionTableProblems,
    body: 'DecisionTable',
    view: 'DecisionTableDto',
  },
);
