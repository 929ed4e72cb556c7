import 'reflect-metadata';
import { serveEventSchemas, serveSinglePageApp, setupOpenApi, startHttpApp } from '@jobstream/api';
import cookieParser from 'cookie-parser';
import { loadConfig } from '@jobstream/config';
import { gatewayConfig } from './config';
import { BULK_BODY_LIMIT_BYTES } from './dto/bulk-jobs.bodies';
import { GatewayModule } from './gateway.module';

async function main() {
  const config = loadConfig(gatewayConfig);
  await startHttpApp(GatewayModule.forConfig(config), config, (app) => {
    setupOpenApi(app, {
      title: 'Jobstream gateway',
      description: 'The dashboard API. Published event schemas: /docs/events; events and the AMQP command API: docs/events/README.md.',
      publicPathPrefixes: ['/health', '/metrics', '/ui'],
    });
    serveEventSchemas(app);
    // The dashboard's session cookie (libs/access reads request.cookies).
    app.use(cookieParser());
    serveSinglePageApp(app, config.DASHBOARD_DIR);
  }, { '/jobs/bulk': BULK_BODY_LIMIT_BYTES });
}

void main();
