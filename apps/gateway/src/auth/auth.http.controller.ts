import { Get, Header, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiController } from '../http/api-controller.decorator';
import { AuthService } from './auth.service';
import { ApiKeyOnlyGuard } from './auth.guards';
import { MeDto, TokenDto } from './dto/token.dto';
import { CurrentPrincipal, type Principal } from './principal';
import { Roles } from './roles.decorator';
import { EVERYONE } from './roles';

@ApiController('auth', 'auth')
export class AuthHttpController {
  constructor(private readonly auth: AuthService) {}

  @Post('token')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @UseGuards(ApiKeyOnlyGuard)
  @Roles(...EVERYONE)
  @ApiOperation({ summary: 'Exchange an API key for a 15-minute bearer token' })
  @ApiOkResponse({ type: TokenDto })
  token(@CurrentPrincipal() principal: Principal): Promise<TokenDto> {
    return this.auth.issueToken(principal);
  }

  @Get('me')
  @ApiOperation({ summary: 'Who the caller is' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return principal;
  }
}
