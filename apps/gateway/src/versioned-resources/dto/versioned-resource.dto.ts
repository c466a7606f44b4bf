import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { Type } from '@nestjs/common';
import {
  bodySchemaRef,
  type ResourceListRequest,
  type ResourceStatus,
  type Page,
  type VersionedResourceView,
} from '@ensemble/contracts';
import { pageDto } from '../../http/page.dto';
import { PageQueryDto } from '../../http/page-query.dto';
import { RESOURCE_NAME } from '../../http/params';

const NAME_RULE = {
  message: 'name must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
};

export class ListResourcesQueryDto extends PageQueryDto implements ResourceListRequest {
  @ApiPropertyOptional({ pattern: RESOURCE_NAME.source })
  @IsOptional()
  @Matches(RESOURCE_NAME, NAME_RULE)
  name?: string;
}

/** A version of a resource as the OpenAPI document shows it, its body the resource's own schema. */
export function versionedResourceView(body: string, name: string): Type<VersionedResourceView<unknown>> {
  class VersionedResourceDto implements VersionedResourceView<unknown> {
    @ApiProperty()
    name: string;

    @ApiProperty()
    version: number;

    @ApiProperty({ enum: ['draft', 'active', 'archived'] })
    status: ResourceStatus;

    @ApiProperty({ allOf: [bodySchemaRef(body)] })
    body: unknown;

    @ApiProperty({ format: 'date-time' })
    createdAt: string;
  }
  Object.defineProperty(VersionedResourceDto, 'name', { value: name });
  return VersionedResourceDto;
}

/** A page of a resource's versions as the OpenAPI document shows it. */
export function versionedResourcePage(
  view: Type<VersionedResourceView<unknown>>,
  name: string,
): Type<Page<VersionedResourceView<unknown>>> {
  return pageDto(view, name);
}
