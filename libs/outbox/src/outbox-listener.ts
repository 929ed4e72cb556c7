import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * Holds a LISTEN connection and calls `onNotify` for each commit that inserted outbox rows.
 * A dropped connection is re-opened; the relay's poll covers the gap.
 */
export class OutboxListener {
  private readonly logger = new Logger(OutboxListener.name);
  private client?: Client;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotify: () => void,
    private readonly reconnectMs = 1_000,
  ) {}

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'outbox-listener' });
    client.on('notification', () => this.onNotify());
    client.on('error', (error) => this.reconnect(client, error));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query('LISTEN outbox');
      this.client = client;
    } catch (error) {
      this.reconnect(client, error);
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private reconnect(client: Client, error?: unknown): void {
    if (this.closed || this.retry) return;
    if (error) this.logger.warn(`LISTEN connection lost: ${String(error)}`);
    client.removeAllListeners();
    client.end().catch(() => undefined);
    this.client = undefined;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, this.reconnectMs);
  }
}
