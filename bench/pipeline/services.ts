import { AppName, AppProcess, ES_URL, TestEnvironment } from '@jobstream/testing';
import { ProcessGroup } from './process-meter';
import { listeningPid, postgresPids } from './proc-stats';

export type ServiceName = 'gateway' | 'writer' | 'relay' | 'indexer';
export type InfrastructureName = 'postgres' | 'rabbitmq' | 'elasticsearch';
export type ProcessName = ServiceName | InfrastructureName;

const APPS: Record<ServiceName, AppName> = { gateway: 'gateway', writer: 'job-writer', relay: 'outbox-relay', indexer: 'indexer' };

/**
 * The environment of a benchmarked service: the run's own resources, and the log level the
 * services run at in production (their config's default, `info`) unless PIPELINE_LOG_LEVEL
 * says otherwise, so what logging costs is part of what is measured.
 */
function serviceEnv(t: TestEnvironment): NodeJS.ProcessEnv {
  const { LOG_LEVEL: _testLevel, ...env } = t.env;
  return process.env.PIPELINE_LOG_LEVEL ? { ...env, LOG_LEVEL: process.env.PIPELINE_LOG_LEVEL } : env;
}

const portOf = (url: string, fallback: number) => Number(new URL(url).port || fallback);

/**
 * PostgreSQL as one environment uses it: every process but other databases' client backends
 * (this environment's backends, ours included, and the server's background processes).
 */
export function postgresGroup(t: TestEnvironment): ProcessGroup {
  const database = new URL(t.db.url).pathname.slice(1);
  return () => postgresPids(new Set([database]));
}

/** Some of our four services as real processes on one environment, and the /proc groups to meter them and the stores by. */
export class Services<S extends ServiceName> {
  private constructor(
    private readonly t: TestEnvironment,
    readonly apps: Record<S, AppProcess>,
  ) {}

  static async start<S extends ServiceName>(t: TestEnvironment, names: readonly S[]): Promise<Services<S>> {
    const env = serviceEnv(t);
    const started = await Promise.all(names.map(async (name) => [name, await AppProcess.start(APPS[name], env)] as const));
    return new Services(t, Object.fromEntries(started) as Record<S, AppProcess>);
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values<AppProcess>(this.apps).map((app) => app.stop()));
  }

  /**
   * Each service's process, PostgreSQL (postgresGroup), RabbitMQ and Elasticsearch (the
   * processes listening on their ports: shared with anything else that runs on this machine
   * meanwhile).
   */
  processGroups(): Record<S | InfrastructureName, ProcessGroup> {
    const rabbitmq = listeningPid(portOf(this.t.vhost.url, 5672));
    const elasticsearch = listeningPid(portOf(ES_URL, 9200));
    const services = Object.entries<AppProcess>(this.apps).map(([name, app]) => [name, () => [app.pid!]]);
    return {
      ...Object.fromEntries(services),
      postgres: postgresGroup(this.t),
      rabbitmq: () => (rabbitmq ? [rabbitmq] : []),
      elasticsearch: () => (elasticsearch ? [elasticsearch] : []),
    } as Record<S | InfrastructureName, ProcessGroup>;
  }
}
