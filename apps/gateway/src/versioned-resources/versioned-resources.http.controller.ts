import { Get, HttpCode, HttpStatus, Inject, Param, Post, Query, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { BodyCheck, EnvelopeOrigin, Page, VersionedResourceCreateRequest } from '@ensemble/contracts';
import { RequestOrigin } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { OPERATORS } from '../auth/roles';
import { ApiController, ConflictResponse, UpstreamResponses } from '../http/api-controller.decorator';
import { VersionQueryDto } from '../http/page-query.dto';
import { ResourceNamePipe, VersionParamPipe } from '../http/params';
import { ApiSchemaBody, SchemaBody } from '../http/schema-body';
import {
  ListResourcesQueryDto,
  versionedResourcePage,
  versionedResourceView,
} from './dto/versioned-resource.dto';
import type { ResourceView, VersionedResources } from './versioned-resources';

/** The resource's schemas from `@ensemble/contracts`: the create request's and the body's. */
export interface ResourceSchemas {
  /** The create request's component and its check. */
  create: string;
  check: BodyCheck;
  /** The body's component, shown in every view of a version. */
  body: string;
  /** The name of the view in the OpenAPI document. */
  view: string;
}

/**
 * The HTTP routes of a versioned resource (rule sets, decision tables): create, list, get,
 * activate, archive. One definition; each resource names its path, its noun, its service and
 * the schema of its create request.
 */
export function versionedResourceController(
  path: string,
  noun: string,
  service: Type<VersionedResources>,
  schemas: ResourceSchemas,
): Type {
  const View = versionedResourceView(schemas.body, schemas.view);
  const ViewPage = versionedResourcePage(View, `${schemas.view}Page`);

  @ApiController(path, path)
  @UpstreamResponses()
  class VersionedResourceHttpController {
    constructor(@Inject(service) private readonly resources: VersionedResources) {}

    @Post()
    @Roles(...OPERATORS)
    @ApiOperation({ summary: `Create a ${noun} (a new version of its name, draft unless activate)` })
    @ApiSchemaBody(schemas.create)
    @ApiCreatedResponse({ type: View })
    @ConflictResponse('The new version cannot be activated as asked')
    create(
      @RequestOrigin() origin: EnvelopeOrigin,
      @SchemaBody(schemas.check) body: VersionedResourceCreateRequest<unknown>,
    ): Promise<ResourceView> {
      return this.resources.create(origin, body);
    }

    @Get()
    @ApiOperation({
      summary: `List ${noun} versions, newest first (a page; ?cursor=nextCursor for the next)`,
    })
    @ApiOkResponse({ type: ViewPage })
    list(
      @RequestOrigin() origin: EnvelopeOrigin,
      @Query() query: ListResourcesQueryDto,
    ): Promise<Page<ResourceView>> {
      return this.resources.list(origin, query);
    }

    @Get(':name')
    @ApiOperation({ summary: `Get a ${noun} (the latest version unless ?version)` })
    @ApiOkResponse({ type: View })
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
    @ApiOkResponse({ type: View })
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
    @ApiOkResponse({ type: View })
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
