import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';
import { WORKSPACE_ROOT } from './workspace-root';

export const APP_LOG_DIR = join(WORKSPACE_ROOT, '.run/test-logs');
/** The built services; the libs they load are the checkout's own builds (libs/<name>/dist). */
const DIST_DIR = join(WORKSPACE_ROOT, 'dist');

export type AppName = 'job-writer' | 'outbox-relay' | 'indexer' | 'gateway';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function logTail(file: string, lines = 20): string {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * One of our services as a real process, built JS, as it runs in production: tests can
 * SIGKILL it between any two steps. Its output (JSON log lines) goes to a file of this
 * instance's own in .run/test-logs, kept across restarts, so runs never mix their lines. The
 * process writes the file itself (no pipe through the test process), so what its logging costs
 * shows in its own CPU time, as in production.
 */
export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  readonly url: string;
  readonly logFile: string;

  private constructor(
    readonly name: AppName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    const started = new Date().toISOString().replace(/[-:]|\.\d+Z$/g, '');
    this.logFile = join(APP_LOG_DIR, `${name}-${started}-${port}.log`);
  }

  static async start(name: AppName, env: NodeJS.ProcessEnv): Promise<AppProcess> {
    const app = new AppProcess(name, await freePort(), env);
    await app.restart();
    return app;
  }

  /**
   * Starts (again) and waits until /health/ready answers 200, or only /health/live: after a
   * crash, say, while a dependency is down and the process must come up anyway.
   */
  async restart(until: 'ready' | 'live' = 'ready'): Promise<void> {
    mkdirSync(APP_LOG_DIR, { recursive: true });
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [join(DIST_DIR, `apps/${this.name}/src/main.js`)], {
      env: { DASHBOARD_DIR: join(DIST_DIR, 'apps/dashboard'), ...process.env, ...this.env, HTTP_PORT: String(this.port), HTTP_HOST: '127.0.0.1', APP_NAME: this.name },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    // A process that dies while starting ends the wait at once, with the end of its log in the
    // error: a CI run shows why without its files.
    const outcome = await waitFor(
      async () => (child.exitCode !== null || child.signalCode !== null ? 'exited' : (await fetch(`${this.url}/health/${until}`)).ok && 'up'),
      { timeoutMs: 60_000, intervalMs: 200, what: `${this.name} to be ${until} (its log: ${this.logFile})` },
    );
    if (outcome === 'exited') {
      throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode}) while starting; the end of ${this.logFile}:\n${logTail(this.logFile)}`);
    }
  }

  /** The running process's id (for /proc readings: CPU time, memory); undefined before the first start. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** SIGKILL: no shutdown hooks, no goodbyes — a crash. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait: the graceful path. Answers the exit code (null if it was killed) and how long it took. */
  async stop(): Promise<{ exitCode: number | null; ms: number }> {
    const started = Date.now();
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return { exitCode: (await this.exited) ?? null, ms: Date.now() - started };
  }
}
