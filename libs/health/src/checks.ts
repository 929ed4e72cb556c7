import { Client } from '@elastic/elasticsearch';
import { BrokerConnection } from '@jobstream/messaging';
import { HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ReadinessCheck } from './readiness-check';

export const databaseCheck =
  (typeorm: TypeOrmHealthIndicator): ReadinessCheck =>
  () =>
    typeorm.pingCheck('database', { timeout: 2_000 });

export const brokerCheck =
  (indicators: HealthIndicatorService, broker: BrokerConnection): ReadinessCheck =>
  async () => {
    const indicator = indicators.check('broker');
    return broker.isConnected() ? indicator.up() : indicator.down({ message: 'not connected to RabbitMQ' });
  };

export const searchCheck =
  (indicators: HealthIndicatorService, client: Client): ReadinessCheck =>
  async () => {
    const indicator = indicators.check('search');
    try {
      const { status } = await client.cluster.health({ timeout: '2s' }, { requestTimeout: 2_000, maxRetries: 0 });
      return status === 'red' ? indicator.down({ cluster: status }) : indicator.up({ cluster: status });
    } catch (error) {
      return indicator.down({ message: String(error) });
    }
  };
