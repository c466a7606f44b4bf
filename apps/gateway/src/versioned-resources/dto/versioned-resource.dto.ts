import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { ResourceListRequest, ResourceStatus, VersionedResourceView } from '@ensemble/contracts';
import { RESOURCE_NAME } from '../../http/params';

const NAME_RULE = {
  message: 'name must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
};

export class ListResourcesQueryDto implements ResourceListRequest {
  @ApiPropertyOptional({ pattern: RESOURCE_NAME.source })
  @IsOptional()
  @Matches(RESOURCE_NAME, NAME_RULE)
  name?: string;
}

export class VersionedResourceDto implements VersionedResourceView<unknown> {
  @ApiProperty()
  name: string;

  @ApiProperty()
  version: number;

  @ApiProperty({ enum: ['draft', 'active', 'archived'] })
  status: ResourceStatus;

  @ApiProperty({ type: 'object', additionalProperties: true })
  body: unknown;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
