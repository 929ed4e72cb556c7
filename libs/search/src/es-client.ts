import { Client } from '@elastic/elasticsearch';

/** A client for one node; the major version matches the server's (8.x), or it refuses to talk. */
export function createEsClient(url: string, requestTimeoutMs = 10_000): Client {
  return new Client({ node: url, requestTimeout: requestTimeoutMs, maxRetries: 2 });
}
