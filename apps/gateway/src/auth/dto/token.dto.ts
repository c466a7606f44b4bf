import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../roles';
import type { IssuedToken } from '../auth.service';
import type { Principal } from '../principal';

export class TokenDto implements IssuedToken {
  @ApiProperty({ description: 'HS256 JWT; send as Authorization: Bearer <token>' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires', example: 900 })
  expiresIn: number;
}

export class MeDto implements Principal {
  @ApiProperty({ format: 'uuid', description: 'The API key the caller authenticated with' })
  keyId: string;

  @ApiProperty()
  tenantId: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ enum: ['api-key', 'jwt'] })
  via: 'api-key' | 'jwt';
}
