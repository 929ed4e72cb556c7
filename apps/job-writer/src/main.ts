import 'reflect-metadata';
import { startHttpApp } from '@jobstream/api';
import { loadConfig } from '@jobstream/config';
import { writerServerOptions } from '@jobstream/messaging';
import { jobWriterConfig } from './config';
import { JobWriterModule } from './job-writer.module';

async function main() {
  const config = loadConfig(jobWriterConfig);
  await startHttpApp(JobWriterModule.forConfig(config), config, async (app) => {
    app.connectMicroservice(writerServerOptions(config.AMQP_URL, config.WRITER_QUEUE, config.WRITER_PREFETCH));
    await app.startAllMicroservices();
  });
}

void main();
