import { Public } from '@jobstream/access';
import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Response } from 'express';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/** Open to probes: no API key, no rate limit (in apps that have access control). */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Liveness never looks at dependencies: restarting us would not bring them back. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** 503 names the dependency that is down (terminus's result), rather than a bare error. */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check(this.checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }
}
