import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';

export interface PersistenceOptions {
  url: string;
  poolSize?: number;
}

/** The app's single TypeORM DataSource; inject `DataSource` to run transactions. */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(options.url, options.poolSize), retryAttempts: 20 })],
      exports: [TypeOrmModule],
    };
  }
}
