import { Client } from '@elastic/elasticsearch';
import { BrokerConnection } from '@jobstream/messaging';
import { DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { brokerCheck, databaseCheck, searchCheck } from './checks';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/** The dependencies an app cannot serve without; each must be provided by the app's own modules. */
export type Dependency = 'database' | 'broker' | 'search';

/** /health/live (the process answers) and /health/ready (its dependencies answer too). */
@Module({})
export class HealthModule {
  static forDependencies(dependencies: Dependency[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          inject: [TypeOrmHealthIndicator, HealthIndicatorService, ModuleRef],
          useFactory: (db: TypeOrmHealthIndicator, indicators: HealthIndicatorService, refs: ModuleRef) => {
            const checks: Record<Dependency, () => ReadinessCheck> = {
              database: () => databaseCheck(db),
              broker: () => brokerCheck(indicators, refs.get(BrokerConnection, { strict: false })),
              search: () => searchCheck(indicators, refs.get(Client, { strict: false })),
            };
            return dependencies.map((dependency) => checks[dependency]());
          },
        },
      ],
    };
  }
}
