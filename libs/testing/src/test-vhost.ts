import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { uniqueName } from './unique-name';

const run = promisify(execFile);
const RABBITMQCTL = process.env.RABBITMQCTL ?? 'rabbitmqctl';
const BROKER = process.env.TEST_AMQP_BASE ?? 'amqp://guest:guest@127.0.0.1:5672';
/** scripts/services.sh enables the management plugin; its API answers in milliseconds where each
 * rabbitmqctl call boots an Erlang VM (0.7 s, 1 CPU-s: 3 per test file). */
const MANAGEMENT_API = new URL(process.env.TEST_RABBITMQ_API ?? 'http://guest:guest@127.0.0.1:15672/api');

export interface TestVhost {
  url: string;
  name: string;
  delete(): Promise<void>;
}

async function management(method: 'PUT' | 'DELETE', path: string, body?: object): Promise<void> {
  const response = await fetch(`${MANAGEMENT_API.origin}${MANAGEMENT_API.pathname}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${decodeURIComponent(MANAGEMENT_API.username)}:${decodeURIComponent(MANAGEMENT_API.password)}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`RabbitMQ management API: ${method} ${path} answered ${response.status} ${await response.text()}`);
}

/** A RabbitMQ virtual host of this run's own, so queues and exchanges never collide. */
export async function createTestVhost(label: string): Promise<TestVhost> {
  const name = uniqueName(label);
  const vhost = `/vhosts/${encodeURIComponent(name)}`;
  await management('PUT', vhost);
  await management('PUT', `/permissions/${encodeURIComponent(name)}/guest`, { configure: '.*', write: '.*', read: '.*' });
  return {
    name,
    url: `${BROKER}/${encodeURIComponent(name)}`,
    async delete() {
      await management('DELETE', vhost);
    },
  };
}

/**
 * Stops and restarts the broker application, every vhost with it, so every test file running
 * meanwhile loses RabbitMQ too: for the chaos suite, which shows a real broker's restart. A test
 * of an outage cuts its own services off with an `OutageProxy` instead.
 */
export async function restartBroker(downMs: number): Promise<void> {
  await run(RABBITMQCTL, ['stop_app']);
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await run(RABBITMQCTL, ['start_app']);
  await run(RABBITMQCTL, ['await_startup']);
}
