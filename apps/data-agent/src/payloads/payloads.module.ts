import { Module } from '@nestjs/common';
import { PayloadsRepository } from './payloads.repository';
import { PayloadsService } from './payloads.service';

@Module({ providers: [PayloadsRepository, PayloadsService], exports: [PayloadsService] })
export class PayloadsModule {}
