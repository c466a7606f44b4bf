import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A message committed with the state change that caused it, waiting for the relay to publish it. */
@Entity({ name: 'outbox' })
export class OutboxMessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  exchange!: string;

  @Column('text', { name: 'routing_key' })
  routingKey!: string;

  @Column('jsonb')
  envelope!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'available_at', default: () => 'now()' })
  availableAt!: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}
