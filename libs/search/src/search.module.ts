import { Client } from '@elastic/elasticsearch';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { createEsClient } from './es-client';
import { JobIndexWriter } from './job-index-writer';
import { JobSearch } from './job-search';

export interface SearchOptions {
  url: string;
  alias: string;
  requestTimeoutMs?: number;
}

/** The Elasticsearch client and the jobs alias's reader and writer, global to the app. */
@Module({})
export class SearchModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  static forRoot(options: SearchOptions): DynamicModule {
    return {
      module: SearchModule,
      global: true,
      providers: [
        { provide: Client, useFactory: () => createEsClient(options.url, options.requestTimeoutMs) },
        { provide: JobSearch, inject: [Client], useFactory: (client: Client) => new JobSearch(client, options.alias) },
        {
          provide: JobIndexWriter,
          inject: [Client],
          useFactory: (client: Client) => new JobIndexWriter(client, options.alias),
        },
      ],
      exports: [Client, JobSearch, JobIndexWriter],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.client.close();
  }
}
