import 'reflect-metadata';
import { startHttpApp } from '@jobstream/api';
import { loadConfig } from '@jobstream/config';
import { gatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

async function main() {
  const config = loadConfig(gatewayConfig);
  await startHttpApp(GatewayModule.forConfig(config), config);
}

void main();
