import { Public } from '@jobstream/access';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';

/** /metrics, open to the scraper like the health probes: no API key, no rate limit. */
@Public()
@ApiTags('operations')
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: "Prometheus text format: this service's metrics (see README, Operations)." })
  override index(@Res({ passthrough: true }) response: unknown) {
    return super.index(response);
  }
}
