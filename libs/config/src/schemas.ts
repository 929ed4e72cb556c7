import { z } from 'zod';
import { localUrl, positiveInt } from './load-config';

/** PostgreSQL; the default is this machine's local server (trust auth). */
export const databaseConfig = {
  DATABASE_URL: localUrl('postgres://postgres@127.0.0.1:5432/jobstream'),
  DATABASE_POOL_SIZE: positiveInt(10),
};

/** RabbitMQ and the names every service agrees on. */
export const brokerConfig = {
  AMQP_URL: localUrl('amqp://guest:guest@127.0.0.1:5672'),
  EVENTS_EXCHANGE: z.string().min(1).default('jobstream.events'),
  WRITER_QUEUE: z.string().min(1).default('job-writer.commands'),
};

/** Elasticsearch: the node and the alias that all reads and writes go through. */
export const searchConfig = {
  ES_URL: z.url().default('http://127.0.0.1:9200'),
  ES_JOBS_ALIAS: z
    .string()
    .regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ and - only')
    .default('jobs'),
  ES_REQUEST_TIMEOUT_MS: positiveInt(10_000),
};

export const httpConfig = (fallbackPort: number) => ({
  HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(fallbackPort),
  HTTP_HOST: z.string().default('127.0.0.1'),
});

/** Logs: JSON lines on stdout at LOG_LEVEL; SERVICE_NAME is in every line (override it per instance). */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const loggingConfig = (service: string, level: (typeof LOG_LEVELS)[number] = 'info') => ({
  LOG_LEVEL: z.enum(LOG_LEVELS).default(level),
  SERVICE_NAME: z.string().min(1).default(service),
});
