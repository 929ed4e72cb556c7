import { DynamicModule, FactoryProvider, Module, ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

export interface HealthOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  /** The dependencies this app cannot serve without; each becomes part of /health/ready. */
  checks: (...deps: never[]) => ReadinessCheck[];
}

/** /health/live (the process answers) and /health/ready (its dependencies answer too). */
@Module({})
export class HealthModule {
  static forChecks(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.checks }],
    };
  }
}
