import { Module } from '@nestjs/common';
import { PrincipalsRepository } from './principals.repository';
import { PrincipalsRmqController } from './principals.rmq.controller';

@Module({
  providers: [PrincipalsRepository],
  controllers: [PrincipalsRmqController],
  exports: [PrincipalsRepository],
})
export class PrincipalsModule {}
