import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsDefined, IsOptional, Matches } from 'class-validator';
import type {
  ResourceListRequest,
  ResourceStatus,
  VersionedResourceCreateRequest,
  VersionedResourceView,
} from '@ensemble/contracts';
import { pageDto } from '../../http/page.dto';
import { PageQueryDto } from '../../http/page-query.dto';
import { RESOURCE_NAME } from '../../http/params';

const NAME_RULE = {
  message: 'name must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
};

export class CreateVersionedResourceDto implements VersionedResourceCreateRequest<unknown> {
  @ApiProperty({ example: 'order-checks', pattern: RESOURCE_NAME.source })
  @Matches(RESOURCE_NAME, NAME_RULE)
  name: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The content, checked by the owning agent',
  })
  @IsDefined()
  @Allow()
  body: unknown;

  @ApiPropertyOptional({ description: 'Create as active, archiving the previous active version' })
  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

export class ListResourcesQueryDto extends PageQueryDto implements ResourceListRequest {
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

export const VersionedResourcePageDto = pageDto(VersionedResourceDto, 'VersionedResourcePageDto');
