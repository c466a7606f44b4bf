import { Body, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { EnvelopeOrigin } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { VersionQueryDto } from '../http/page-query.dto';
import { ResourceNamePipe, VersionParamPipe } from '../http/params';
import {
  CreateVersionedResourceDto,
  ListResourcesQueryDto,
  VersionedResourceDto,
} from './dto/versioned-resource.dto';
import type { ResourceView, VersionedResources } from './versioned-resources';

/**
 * The HTTP routes of a versioned resource (rule sets, decision tables): create, list, get,
 * activate, archive. One definition; each resource names its path, its noun and its service.
 */
export function versionedResourceController(
  path: string,
  noun: string,
  service: Type<VersionedResources>,
): Type {
  @ApiController(path, path)
  @UpstreamResponses()
  class VersionedResourceHttpController {
    constructor(@Inject(service) private readonly resources: VersionedResources) {}

    @Post()
    @Roles(...OPERATORS)
    @ApiOperation({ summary: `Create a ${noun} (a new version of its name, draft unless activate)` })
    @ApiCreatedResponse({ type: VersionedResourceDto })
    @ConflictResponse('The new version cannot be activated as asked')
    create(
      @RequestOrigin() origin: EnvelopeOrigin,
      @Body() body: CreateVersionedResourceDto,
    ): Promise<ResourceView> {
      return this.resources.create(origin, body);
    }

    @Get()
    @ApiOperation({ summary: `List ${noun} versions` })
    @ApiOkResponse({ type: [VersionedResourceDto] })
    list(
      @RequestOrigin() origin: EnvelopeOrigin,
      @Query() query: ListResourcesQueryDto,
    ): Promise<ResourceView[]> {
      return this.resources.list(origin, query);
    }

    @Get(':name')
    @ApiOperation({ summary: `Get a ${noun} (the latest version unless ?version)` })
    @ApiOkResponse({ type: VersionedResourceDto })
    get(
      @RequestOrigin() origin: EnvelopeOrigin,
      @Param('name', ResourceNamePipe) name: string,
      @Query() query: VersionQueryDto,
    ): Promise<ResourceView> {
      return this.resources.get(origin, name, query.version);
    }

    @Post(':name/versions/:version/activate')
    @ConflictResponse(`The ${noun} version is archived`)
    @HttpCode(HttpStatus.OK)
    @Roles(...OPERATORS)
    @ApiOperation({ summary: 'Activate a version (archiving the active one)' })
    @ApiOkResponse({ type: VersionedResourceDto })
    activate(
      @RequestOrigin() origin: EnvelopeOrigin,
      @Param('name', ResourceNamePipe) name: string,
      @Param('version', VersionParamPipe) version: number,
    ): Promise<ResourceView> {
      return this.resources.activate(origin, name, version);
    }

    @Post(':name/versions/:version/archive')
    @ConflictResponse(`The ${noun} version cannot be archived in its state`)
    @HttpCode(HttpStatus.OK)
    @Roles(...OPERATORS)
    @ApiOperation({ summary: 'Archive a version' })
    @ApiOkResponse({ type: VersionedResourceDto })
    archive(
      @RequestOrigin() origin: EnvelopeOrigin,
      @Param('name', ResourceNamePipe) name: string,
      @Param('version', VersionParamPipe) version: number,
    ): Promise<ResourceView> {
      return this.resources.archive(origin, name, version);
    }
  }
  Object.defineProperty(VersionedResourceHttpController, 'name', {
    value: `${service.name.replace(/Service$/, '')}HttpController`,
  });
  return VersionedResourceHttpController;
}
