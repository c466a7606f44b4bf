import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { GatewayConfig } from '../gateway.config';
import type { Principal } from './principal';
import { isTokenClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from './token-claims';

export const JWT_STRATEGY = 'jwt';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    config: GatewayConfig,
    private readonly keys: ApiKeysService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.JWT_SECRET,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
  }

  async validate(claims: unknown): Promise<Principal | false> {
    if (!isTokenClaims(claims)) return false;
    return (await this.keys.authenticateToken(claims.sub, claims.tenant)) ?? false;
  }
}
