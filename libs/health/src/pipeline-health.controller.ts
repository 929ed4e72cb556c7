import { Public } from '@jobstream/access';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Response } from 'express';
import { PIPELINE_PROBE, PipelineProbe } from './readiness-check';

/**
 * Whether heartbeats still travel writer → outbox → RabbitMQ → indexer → Elasticsearch in time:
 * 200 while they do, 503 when they stall, the status with its reason either way. Every service
 * can look ready while the pipeline is stuck (a relay hung on a lock, say); this check sees it.
 */
@Public()
@Controller('health')
export class PipelineHealthController {
  constructor(@Inject(PIPELINE_PROBE) private readonly probe: PipelineProbe) {}

  @Get('pipeline')
  async pipeline(@Res({ passthrough: true }) response: Response) {
    const status = await this.probe.status();
    response.status(status.healthy ? 200 : 503);
    return status;
  }
}
