import 'reflect-metadata';
import { setupOpenApi, startHttpApp } from '@jobstream/api';
import { loadConfig } from '@jobstream/config';
import { gatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

async function main() {
  const config = loadConfig(gatewayConfig);
  await startHttpApp(GatewayModule.forConfig(config), config, (app) => {
    setupOpenApi(app, {
      title: 'Jobstream gateway',
      description: 'The dashboard API. Event contracts and the AMQP command API: /docs/events.',
      publicPathPrefixes: ['/health'],
    });
  });
}

void main();
