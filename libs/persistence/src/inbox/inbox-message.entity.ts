import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A message id this app has applied; a second delivery of the same id finds it and does nothing. */
@Entity({ name: 'inbox' })
export class InboxMessageEntity {
  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId!: string;

  @PrimaryColumn('text')
  consumer!: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
