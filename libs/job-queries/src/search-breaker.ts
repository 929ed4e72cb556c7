import { errors } from '@elastic/elasticsearch';
import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';

export interface SearchBreakerOptions {
  /** How long the breaker stays open before one request may try Elasticsearch again. */
  resetTimeoutMs: number;
  /** Failed share of recent requests (percent) that opens the breaker. */
  errorThresholdPercentage?: number;
  /** Requests in the rolling window before the breaker may open at all. */
  volumeThreshold?: number;
}

/**
 * A request Elasticsearch refused as wrong (a 4xx other than 404 and 429) says nothing about
 * its health, so it does not count towards opening the breaker.
 */
const isOurMistake = (error: unknown) =>
  error instanceof errors.ResponseError && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 && ![404, 429].includes(error.statusCode);

/**
 * Opossum around every Elasticsearch read of the gateway: once Elasticsearch is known to be
 * failing, reads are refused at once (and answered from PostgreSQL) instead of each waiting
 * for its own timeout; after `resetTimeoutMs` one read probes Elasticsearch again.
 */
export class SearchBreaker {
  private readonly logger = new Logger(SearchBreaker.name);
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;

  constructor(options: SearchBreakerOptions) {
    this.breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      // Each call carries its own Elasticsearch request timeout, which also aborts the request.
      timeout: false,
      resetTimeout: options.resetTimeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 3,
      errorFilter: isOurMistake,
    });
    // Once per outage, not at every failed probe that re-opens the breaker.
    let failing = false;
    this.breaker.on('open', () => {
      if (!failing) this.logger.warn('Elasticsearch failing: searches answer from PostgreSQL');
      failing = true;
    });
    this.breaker.on('close', () => {
      failing = false;
      this.logger.log('Elasticsearch answers again: searches use it');
    });
  }

  fire<T>(call: () => Promise<T>): Promise<T> {
    return this.breaker.fire(call) as Promise<T>;
  }

  get isOpen(): boolean {
    return this.breaker.opened;
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}
