import type { MigrationInterface, QueryRunner } from 'typeorm';
import { READ_MODELS } from '@ensemble/contracts';
import { roleFor } from '@ensemble/persistence';

/** The roles that may read them: the gateway's. */
const READERS = [roleFor('gateway')];

/** `to_char` truncates to milliseconds, as the JavaScript `Date` the RPC views come from does. */
const iso = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The orchestrator's published read model (ADR 0008): a run and its history as the API's JSON
 * documents, built by Postgres, readable by the gateway's role and nothing else of this schema.
 * The views run with their owner's (this app's) rights, so the reader sees no table directly.
 */
export class RunDocuments1763700007000 implements MigrationInterface {
  name = 'RunDocuments1763700007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW ${READ_MODELS.runs} AS
      SELECT r.tenant_id, r.id,
        json_build_object(
          'id', r.id, 'tenantId', r.tenant_id, 'workflow', r.workflow, 'version', r.version,
          'status', r.status, 'input', r.input, 'output', r.output, 'error', r.error,
          'idempotencyKey', r.idempotency_key,
          'createdAt', ${iso('r.created_at')}, 'updatedAt', ${iso('r.updated_at')},
          'steps', COALESCE((
            SELECT json_agg(json_build_object(
              'stepId', s.step_id, 'capability', s.capability, 'status', s.status,
              'attempt', s.attempt, 'input', s.input, 'output', s.output, 'error', s.error,
              'dispatchedAt', ${iso('s.dispatched_at')}, 'finishedAt', ${iso('s.finished_at')}
            ) ORDER BY d.position)
            FROM jsonb_array_elements(w.definition->'steps') WITH ORDINALITY AS d(step, position)
            JOIN step_runs s ON s.run_id = r.id AND s.step_id = d.step->>'id'
          ), '[]'::json)
        ) AS document
      FROM runs r JOIN workflow_definitions w ON w.id = r.definition_id`);
    await q.query(`
      CREATE VIEW ${READ_MODELS.runHistory} AS
      SELECT r.tenant_id, e.run_id, e.seq,
        json_build_object(
          'seq', e.seq, 'type', e.type, 'stepId', e.step_id, 'data', e.data, 'at', ${iso('e.at')}
        ) AS document
      FROM run_events e JOIN runs r ON r.id = e.run_id`);
    for (const reader of READERS) {
      await q.query(`GRANT USAGE ON SCHEMA orchestrator TO ${reader}`);
      await q.query(`GRANT SELECT ON ${READ_MODELS.runs}, ${READ_MODELS.runHistory} TO ${reader}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW ${READ_MODELS.runHistory}`);
    await q.query(`DROP VIEW ${READ_MODELS.runs}`);
  }
}
