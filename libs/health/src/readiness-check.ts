import { HealthIndicatorResult } from '@nestjs/terminus';

export type ReadinessCheck = () => Promise<HealthIndicatorResult>;
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Answers whether the whole pipeline moves (see libs/heartbeat); served at /health/pipeline. */
export interface PipelineProbe {
  status(): Promise<{ healthy: boolean }>;
}
export const PIPELINE_PROBE = Symbol('PIPELINE_PROBE');
