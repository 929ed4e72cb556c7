import 'reflect-metadata';
import { startHttpApp } from '@jobstream/api';
import { loadConfig } from '@jobstream/config';
import { outboxRelayConfig } from './config';
import { OutboxRelayModule } from './outbox-relay.module';

async function main() {
  const config = loadConfig(outboxRelayConfig);
  await startHttpApp(OutboxRelayModule.forConfig(config), config);
}

void main();
