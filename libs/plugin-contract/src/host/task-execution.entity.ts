import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The recorded effect of one task attempt in the agent's own schema: exactly one row per task. */
@Entity({ name: 'task_executions' })
export class TaskExecutionEntity {
  @PrimaryColumn('uuid', { name: 'task_id' })
  taskId!: string;

  @Column('uuid', { name: 'run_id' })
  runId!: string;

  @Column('text', { name: 'step_id' })
  stepId!: string;

  @Column('int')
  attempt!: number;

  @Column('text')
  capability!: string;

  @Column('text')
  outcome!: 'succeeded' | 'failed';

  @Column('jsonb', { nullable: true })
  output!: unknown;

  @Column('jsonb', { nullable: true })
  error!: unknown;

  @Column('int', { name: 'duration_ms' })
  durationMs!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
