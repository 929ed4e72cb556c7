import 'reflect-metadata';
import { startHttpApp } from '@jobstream/api';
import { loadConfig } from '@jobstream/config';
import { ConsumerMetrics, writerServer } from '@jobstream/messaging';
import { jobWriterConfig } from './config';
import { JobWriterModule } from './job-writer.module';

async function main() {
  const config = loadConfig(jobWriterConfig);
  await startHttpApp(JobWriterModule.forConfig(config), config, async (app) => {
    const server = writerServer(config.AMQP_URL, config.WRITER_QUEUE, config.WRITER_PREFETCH, config.SHUTDOWN_DRAIN_MS, app.get(ConsumerMetrics));
    app.connectMicroservice(server);
    await app.startAllMicroservices();
  });
}

void main();
