import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ROLES, type Role } from '../../auth/roles';
import type { ApiKeyRecord } from '../api-keys.repository';
import type { CreatedApiKey } from '../api-keys.service';
import { pageDto } from '../../http/page.dto';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ci pipeline', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class ApiKeyDto implements ApiKeyRecord {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  tenantId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ description: 'The first 8 characters of the key', example: 'ens_Q2x9' })
  prefix: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto implements CreatedApiKey {
  @ApiProperty({ description: 'The key itself; shown only in this response' })
  key: string;
}

export const ApiKeyPageDto = pageDto(ApiKeyDto, 'ApiKeyPageDto');
