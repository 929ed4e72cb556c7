import { ConfirmChannel } from 'amqplib';
import { Registry } from 'prom-client';
import { ConsumerMetrics } from './consumer-metrics';
import { DrainingServerRMQ } from './draining-server-rmq';

/**
 * The command server's channel setup when the connection drops in the middle of it (the broker's
 * channel faked): the consumer's start fails, and that must be handled, not crash the process.
 */
describe('DrainingServerRMQ channel setup', () => {
  it('handles a consumer that fails to start because the channel closed', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const consume = jest.fn(() => Promise.reject(new Error('channel closed')));
      const channel = { assertQueue: jest.fn(async (queue: string) => ({ queue })), prefetch: jest.fn(async () => undefined), consume };
      const server = new DrainingServerRMQ({ urls: ['amqp://unused'], queue: 'commands', noAck: false }, 1_000, new ConsumerMetrics(new Registry()));
      const ready = jest.fn();

      await server.setupChannel(channel as unknown as ConfirmChannel, ready);
      await new Promise((resolve) => setImmediate(resolve));

      expect(consume).toHaveBeenCalledTimes(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
