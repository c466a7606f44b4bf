import { Injectable } from '@nestjs/common';
import { TaskError, type AgentPlugin, type Task } from '@ensemble/plugin-contract';
import { evaluateRules, parseRules } from './rule-evaluator';

@Injectable()
export class ValidationPlugin implements AgentPlugin {
  static readonly CAPABILITIES = ['validation'] as const;
  readonly metadata = { name: 'validation-agent', version: '0.1.0', description: 'Evaluates JSON rules' };
  readonly capabilities = ValidationPlugin.CAPABILITIES;

  handle(task: Task): Promise<unknown> {
    const rules = parseRules(task.params.rules);
    if (!rules.ok) throw new TaskError('INVALID_RULES', rules.reason, { retryable: false });
    return Promise.resolve(evaluateRules(rules.rules, task.input));
  }
}
