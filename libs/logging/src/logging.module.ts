import { DynamicModule, LoggerService, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { Logger, LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import pino, { LevelWithSilent } from 'pino';
import { CORRELATION_HEADER, correlationIdOf } from './correlation-id';
import { ResourceLogInterceptor } from './resource-log.interceptor';

export interface LoggingOptions {
  /** In every line, so the lines of all services can be read together. */
  service: string;
  level: LevelWithSilent;
}

// Probes and scrapes arrive every few seconds: a success is logged only at debug, a failure
// (a dependency down) at warn rather than as a request error.
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

function requestLevel(url: string, status: number, error?: Error): LevelWithSilent {
  const failed = Boolean(error) || status >= 500;
  if (QUIET_PATHS.test(url)) return failed ? 'warn' : 'debug';
  return failed ? 'error' : 'info';
}

/** pino's options for one service: JSON lines on stdout, ISO times, level names. */
export function pinoOptions({ service, level }: LoggingOptions): pino.LoggerOptions {
  return {
    level,
    base: { service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

/**
 * pino-http for the HTTP side: every request gets a correlation id (the caller's, if valid,
 * else a new one), answered in `X-Correlation-Id` and bound to every line logged while it runs;
 * one line per request when it completes (method, url, status, time; never headers, which
 * carry API keys).
 */
export function loggingParams(options: LoggingOptions): Params {
  return {
    assignResponse: true,
    pinoHttp: {
      ...pinoOptions(options),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = correlationIdOf(req.headers);
        res.setHeader(CORRELATION_HEADER, id);
        return id;
      },
      customAttributeKeys: { reqId: 'correlationId' },
      quietReqLogger: true,
      customLogLevel: (req, res, error) => requestLevel(req.url ?? '', res.statusCode, error),
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

/**
 * Nest's `Logger` as the same JSON lines outside a Nest app (the CLI), written to `destination`
 * (stderr by default, leaving stdout to the command's output).
 */
export function standaloneLogger(options: LoggingOptions, destination = 2): LoggerService {
  return new Logger(new PinoLogger({ pinoHttp: [pinoOptions(options), pino.destination({ dest: destination, sync: true })] }), {});
}

/** nestjs-pino with our options; `startHttpApp` (libs/api) makes it Nest's logger too. */
@Module({})
export class LoggingModule {
  static forService(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(loggingParams(options))],
      providers: [{ provide: APP_INTERCEPTOR, useClass: ResourceLogInterceptor }],
    };
  }
}
