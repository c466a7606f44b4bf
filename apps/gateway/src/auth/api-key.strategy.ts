import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-custom';
import { credentialOf } from '../api-keys/api-key-secret';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { Principal } from './principal';

import type { HttpRequest } from '../http/request-info';

export const API_KEY_STRATEGY = 'api-key';

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async validate(req: HttpRequest): Promise<Principal | false> {
    const credential = credentialOf(req.headers);
    if (credential?.kind !== 'api-key') return false;
    return (await this.keys.authenticateKey(credential.key)) ?? false;
  }
}
