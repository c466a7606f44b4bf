import { Module } from '@nestjs/common';
import { ApiKeyBootstrap } from './api-key-bootstrap';
import { ApiKeysHttpController } from './api-keys.http.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { RevocationListener } from './revocation-listener';

@Module({
  controllers: [ApiKeysHttpController],
  providers: [ApiKeysRepository, ApiKeysService, ApiKeyBootstrap, RevocationListener],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
