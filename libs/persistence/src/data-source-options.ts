import { MIGRATIONS } from '@jobstream/migrations';
import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

/** One place that turns a database URL into TypeORM options, for the apps, the CLI and tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as errors and are logged once, at the edge.
    logging: ['warn', 'migration'],
    poolSize,
    extra: { application_name: process.env.APP_NAME ?? 'jobstream' },
  };
}
