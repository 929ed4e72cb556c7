import { AddressInfo, connect, createServer, Socket } from 'node:net';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'amqp:': 5672, 'amqps:': 5671 };

/**
 * A TCP proxy on an ephemeral 127.0.0.1 port in front of one real service (Elasticsearch,
 * RabbitMQ), so that a test file can take the service away from its own processes only: point
 * them at `url`, `cut()` for an outage as they see it, `restore()` to end it. The real service and
 * every other test file running meanwhile never notice. What a proxy cannot show is what the
 * service itself does on a restart (an Elasticsearch node recovering its shards, a broker closing
 * connections with `CONNECTION_FORCED`); the chaos suite stops the real services for that.
 */
export class OutageProxy {
  // No Nagle delay on either leg: a proxy must not add latency to small request/response frames.
  private readonly server = createServer({ noDelay: true }, (client) => this.accept(client));
  private readonly links = new Set<{ client: Socket; upstream: Socket }>();
  private down = false;
  private turnedAway = 0;

  private constructor(
    private readonly targetUrl: string,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens in front of the host and port of `targetUrl` (the scheme's default port if it has none). */
  static async start(targetUrl: string): Promise<OutageProxy> {
    const { hostname, port, protocol } = new URL(targetUrl);
    const target = { host: hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(port || DEFAULT_PORTS[protocol]) };
    if (!target.port) throw new Error(`OutageProxy: no port in ${targetUrl} and none known for ${protocol}`);
    const proxy = new OutageProxy(targetUrl, target);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** The target's URL with this proxy's port: credentials, path (the AMQP vhost) and query kept. */
  get url(): string {
    const url = new URL(this.targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    // `URL` adds a "/" path to http URLs; keep the form the caller gave.
    return url.href.endsWith('/') && !this.targetUrl.endsWith('/') ? url.href.slice(0, -1) : url.href;
  }

  /**
   * Starts an outage: resets every live connection and, until `restore()`, resets each new one as
   * soon as it is accepted (the port stays this proxy's, so no other process can take it
   * meanwhile). Answers how many live connections it cut.
   */
  cut(): number {
    this.down = true;
    this.turnedAway = 0;
    const cut = this.links.size;
    for (const { client, upstream } of this.links) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    this.links.clear();
    return cut;
  }

  /** Ends the outage: new connections reach the service again. */
  restore(): void {
    this.down = false;
  }

  /** Connections turned away since the last `cut()`: the clients' attempts to reconnect. */
  get refused(): number {
    return this.turnedAway;
  }

  /** Cuts every connection and stops listening. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.down) {
      this.turnedAway++;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ ...this.target, noDelay: true });
    const link = { client, upstream };
    this.links.add(link);
    // A link lives as long as its client. A graceful end travels through the pipes (flushing what
    // is buffered); an error on one side resets the other: a service that refuses or drops the
    // connection drops the client's too.
    client.on('error', () => upstream.destroy()).on('close', () => {
      this.links.delete(link);
      upstream.destroy();
    });
    upstream.on('error', () => client.resetAndDestroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
