import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { GatewayConfig } from '../gateway.config';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthHttpController } from './auth.http.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';

@Module({
  imports: [
    PassportModule.register({ session: false }),
    JwtModule.registerAsync({
      useFactory: (config: GatewayConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
      inject: [GatewayConfig],
    }),
    ApiKeysModule,
  ],
  controllers: [AuthHttpController],
  providers: [AuthService, ApiKeyStrategy, JwtStrategy],
})
export class AuthModule {}
