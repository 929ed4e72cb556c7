import 'reflect-metadata';
import { startHttpApp } from '@jobstream/api';
import { loadConfig } from '@jobstream/config';
import { indexerConfig } from './config';
import { IndexerModule } from './indexer.module';

async function main() {
  const config = loadConfig(indexerConfig);
  await startHttpApp(IndexerModule.forConfig(config), config);
}

void main();
