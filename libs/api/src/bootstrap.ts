import { LoggingModule } from '@jobstream/logging';
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { LevelWithSilent } from 'pino';
import { HttpErrorFilter } from './http-error.filter';

export interface HttpListen {
  HTTP_PORT: number;
  HTTP_HOST: string;
}

export interface ServiceLogging {
  SERVICE_NAME: string;
  LOG_LEVEL: LevelWithSilent;
}

/** The app's own module next to the logger, which must exist before anything logs. */
@Module({})
class ServiceModule {}

/**
 * Creates an app with JSON logs (Nest's own lines too, buffered until the logger exists), the
 * house error shape and shutdown hooks (SIGTERM closes modules in order, so in-flight work
 * finishes), lets the caller attach more, then listens.
 */
export async function startHttpApp(
  module: DynamicModule,
  config: HttpListen & ServiceLogging,
  beforeListen: (app: INestApplication) => Promise<void> | void = () => undefined,
): Promise<INestApplication> {
  const app = await NestFactory.create(
    { module: ServiceModule, imports: [LoggingModule.forService({ service: config.SERVICE_NAME, level: config.LOG_LEVEL }), module] },
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  await beforeListen(app);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  return app;
}
