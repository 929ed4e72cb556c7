import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register, Registry } from 'prom-client';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';

/**
 * /metrics in Prometheus's text format for every service (@willsoto/nestjs-prometheus), with the
 * process's default metrics, a `service` label on every series and HTTP request durations.
 * Libraries register their own instruments in the injected `Registry`, the process's default
 * one here; tests give them a registry of their own.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  static forService(service: string) {
    return {
      module: MetricsModule,
      imports: [
        PrometheusModule.register({ controller: MetricsController, defaultLabels: { service }, defaultMetrics: { enabled: true } }),
      ],
      providers: [{ provide: Registry, useValue: register }],
      exports: [Registry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
