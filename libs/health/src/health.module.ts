import { Client } from '@elastic/elasticsearch';
import { BrokerConnection } from '@jobstream/messaging';
import { DynamicModule, FactoryProvider, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { brokerCheck, databaseCheck, searchCheck } from './checks';
import { HealthController } from './health.controller';
import { PipelineHealthController } from './pipeline-health.controller';
import { PIPELINE_PROBE, PipelineProbe, READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/** The dependencies an app cannot serve without; each must be provided by the app's own modules. */
export type Dependency = 'database' | 'broker' | 'search';

export interface HealthOptions {
  /** Serves /health/pipeline with the probe this factory makes (the gateway's). */
  pipeline?: Omit<FactoryProvider<PipelineProbe>, 'provide'>;
}

/**
 * /health/live (the process answers), /health/ready (its dependencies answer too) and, where
 * given a probe, /health/pipeline (events get through end to end).
 */
@Module({})
export class HealthModule {
  static forDependencies(dependencies: Dependency[], options: HealthOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: options.pipeline ? [HealthController, PipelineHealthController] : [HealthController],
      providers: [
        ...(options.pipeline ? [{ provide: PIPELINE_PROBE, ...options.pipeline }] : []),
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
