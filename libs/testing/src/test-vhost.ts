import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { uniqueName } from './unique-name';

const run = promisify(execFile);
const RABBITMQCTL = process.env.RABBITMQCTL ?? 'rabbitmqctl';
const BROKER = process.env.TEST_AMQP_BASE ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestVhost {
  url: string;
  name: string;
  delete(): Promise<void>;
}

/** A RabbitMQ virtual host of this run's own, so queues and exchanges never collide. */
export async function createTestVhost(label: string): Promise<TestVhost> {
  const name = uniqueName(label);
  await run(RABBITMQCTL, ['add_vhost', name]);
  await run(RABBITMQCTL, ['set_permissions', '-p', name, 'guest', '.*', '.*', '.*']);
  return {
    name,
    url: `${BROKER}/${encodeURIComponent(name)}`,
    async delete() {
      await run(RABBITMQCTL, ['delete_vhost', name]);
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
