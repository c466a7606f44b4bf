import { Body, Delete, Get, Header, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import type { Page } from '@ensemble/contracts';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ADMINS } from '../auth/roles';
import { ApiController, NotFoundResponse } from '../http/api-controller.decorator';
import { PageQueryDto } from '../http/page-query.dto';
import { UuidParamPipe } from '../http/params';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiController('api-keys', 'api-keys')
@Roles(...ADMINS)
export class ApiKeysHttpController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Create an API key in the caller's tenant; the key is returned once" })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@CurrentPrincipal() caller: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(caller.tenantId, body.name, body.role);
  }

  @Get()
  @ApiOperation({ summary: "List the tenant's API keys (never their secrets)" })
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@CurrentPrincipal() caller: Principal, @Query() query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return this.keys.list(caller.tenantId, query.limit, query.cursor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Revoked (or already revoked)' })
  @NotFoundResponse()
  revoke(@CurrentPrincipal() caller: Principal, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.keys.revoke(caller.tenantId, id);
  }
}
