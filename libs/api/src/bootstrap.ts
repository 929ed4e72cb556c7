import { LoggingModule } from '@jobstream/logging';
import { DynamicModule, INestApplication, Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, Request, Response } from 'express';
import { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { LevelWithSilent } from 'pino';
import { BoundedExpressAdapter } from './bounded-express.adapter';
import { unreadableBodyError } from './error-body';
import { HttpErrorFilter } from './http-error.filter';

export interface HttpListen {
  HTTP_PORT: number;
  HTTP_HOST: string;
}

export interface ServiceLogging {
  SERVICE_NAME: string;
  LOG_LEVEL: LevelWithSilent;
}

/**
 * The largest JSON body any service takes (Express's default, stated so it is documented): a job
 * with metadata at its limits is under 20 kB. A larger body is a 413 PAYLOAD_TOO_LARGE.
 */
export const HTTP_BODY_LIMIT_BYTES = 100 * 1024;

/** The app's own module next to the logger, which must exist before anything logs. */
@Module({})
class ServiceModule {}

/**
 * Creates an app with JSON logs (Nest's own lines too, buffered until the logger exists), the
 * house error shape and graceful shutdown (see exitOnSignals), lets the caller attach more,
 * then listens. `bodyLimits` gives the routes under a path their own JSON body limit in bytes.
 */
export async function startHttpApp(
  module: DynamicModule,
  config: HttpListen & ServiceLogging,
  beforeListen: (app: INestApplication) => Promise<void> | void = () => undefined,
  bodyLimits: Record<string, number> = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    { module: ServiceModule, imports: [LoggingModule.forService({ service: config.SERVICE_NAME, level: config.LOG_LEVEL }), module] },
    new BoundedExpressAdapter(),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  // Before the global parser: the first parser to read a body wins, and Nest registers modules' middleware after both.
  for (const [path, limit] of Object.entries(bodyLimits)) app.use(path, json({ limit }));
  app.useBodyParser('json', { limit: HTTP_BODY_LIMIT_BYTES });
  app.use((error: unknown, _request: Request, _response: Response, next: NextFunction) => next(unreadableBodyError(error) ?? error));
  app.useGlobalFilters(new HttpErrorFilter());
  exitOnSignals(app);
  await beforeListen(app);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  return app;
}

/** Longer than any service's own drain bound, shorter than a supervisor's usual 30 s grace. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * On SIGTERM or SIGINT the app closes: every module's destroy hook stops its intake and lets the
 * work in flight finish, the HTTP server and microservices close, then pools and connections.
 * The process then exits 0, so a supervisor can tell a clean stop (0) from a failed or
 * overlong one (1). Nest's own shutdown hooks re-raise the signal instead, which hides that.
 */
function exitOnSignals(app: INestApplication): void {
  const logger = new NestLogger('Shutdown');
  const shutDown = (signal: NodeJS.Signals) => {
    logger.log(`${signal}: closing`);
    setTimeout(() => {
      logger.error(`still closing after ${SHUTDOWN_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    endKeepAlive(app.getHttpServer());
    app.close().then(
      () => {
        logger.log('closed');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`closing failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutDown);
  process.once('SIGINT', shutDown);
}

/**
 * Closing the server waits for its connections, and a busy client's keep-alive connection never
 * goes idle: from now on every response closes its connection, and idle ones close at once.
 */
function endKeepAlive(server: Server): void {
  server.prependListener('request', (_request, response) => response.setHeader('connection', 'close'));
  server.closeIdleConnections();
}
