import { PinoLogger } from 'nestjs-pino';
// nestjs-pino keeps its request scope here; it exports no public way to open one outside HTTP.
import { storage, Store } from 'nestjs-pino/storage';
import { Bindings } from 'pino';

/**
 * Runs `fn` in a logging scope like an HTTP request's: every log line written inside (Nest's
 * `Logger` included) carries `bindings`, and `PinoLogger.assign` adds more. Without a pino
 * logger (unit tests, the CLI) it just runs `fn`.
 */
export function runInLogContext<T>(bindings: Bindings, fn: () => T): T {
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  return root ? storage.run(new Store(root.child(bindings)), fn) : fn();
}

/** The correlation id of the current logging scope (an HTTP request's, a command's), if any. */
export function currentCorrelationId(): string | undefined {
  const id: unknown = storage.getStore()?.logger.bindings().correlationId;
  return typeof id === 'string' ? id : undefined;
}
