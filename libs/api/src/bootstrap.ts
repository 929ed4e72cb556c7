import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HttpErrorFilter } from './http-error.filter';

export interface HttpListen {
  HTTP_PORT: number;
  HTTP_HOST: string;
}

/**
 * Creates an app with the house error shape and shutdown hooks (SIGTERM closes modules in
 * order, so in-flight work finishes), lets the caller attach more, then listens.
 */
export async function startHttpApp(
  module: DynamicModule,
  listen: HttpListen,
  beforeListen: (app: INestApplication) => Promise<void> | void = () => undefined,
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: false });
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  await beforeListen(app);
  await app.listen(listen.HTTP_PORT, listen.HTTP_HOST);
  return app;
}
