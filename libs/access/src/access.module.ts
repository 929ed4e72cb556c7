import { AuditWriter } from '@jobstream/audit';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessGuard } from './access.guard';
import { ApiKeyService } from './api-key.service';
import { KeyThrottlerGuard } from './key-throttler.guard';
import { PrincipalCache } from './principal-cache';
import { RequestAccess } from './request-access';
import { RolesService } from './roles.service';
import { SessionLifetimes, SessionsService } from './sessions.service';

export interface AccessOptions {
  /** How long a successful key lookup is reused: the bound on revocation latency elsewhere. */
  keyCacheMs: number;
  /** Requests per key (or per IP without a valid key) in each window. */
  rateLimit: { limit: number; windowMs: number };
  sessions: SessionLifetimes;
}

/**
 * API keys, roles and the global guards: rate limit first (so failed keys count against their
 * IP), then authentication and the role check. Needs the app's PersistenceModule.
 * The in-memory throttler storage counts per process; several gateways each allow the limit.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessOptions): DynamicModule {
    return {
      module: AccessModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ limit: options.rateLimit.limit, ttl: options.rateLimit.windowMs }],
          errorMessage: (_context, { limit, ttl }) => `rate limit of ${limit} requests per ${ttl / 1000} s exceeded`,
        }),
      ],
      providers: [
        { provide: PrincipalCache, useValue: new PrincipalCache(options.keyCacheMs) },
        ApiKeyService,
        { provide: SessionsService, inject: [DataSource, AuditWriter], useFactory: (db: DataSource, audit: AuditWriter) => new SessionsService(db, audit, options.sessions) },
        RolesService,
        AuditWriter,
        RequestAccess,
        { provide: APP_GUARD, useClass: KeyThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [ApiKeyService, RolesService, SessionsService],
    };
  }
}
