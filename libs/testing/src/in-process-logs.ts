import { Logger, LoggerService } from '@nestjs/common';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Nest's Logger, writing one JSON line per message to `file`, synchronously (a test may end right
 * after): for code a test runs in its own process (a checker, a command service), so the test
 * output shows only the tests.
 */
export function logNestToFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const write = (level: string) => (message: unknown, ...rest: unknown[]) =>
    appendFileSync(file, `${JSON.stringify({ time: new Date().toISOString(), level, message, context: rest.at(-1) })}\n`);
  const logger: LoggerService = { log: write('info'), error: write('error'), warn: write('warn'), debug: write('debug'), verbose: write('verbose'), fatal: write('fatal') };
  Logger.overrideLogger(logger);
}
