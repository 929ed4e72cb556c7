import { databaseConfig, loadConfig } from '@jobstream/config';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI: `npx typeorm migration:run -d libs/persistence/dist/src/data-source.js`. */
const { DATABASE_URL } = loadConfig(z.object(databaseConfig));
export default new DataSource(dataSourceOptions(DATABASE_URL));
