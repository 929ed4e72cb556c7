import { Client, errors } from '@elastic/elasticsearch';
import { HeartbeatEventV1 } from '@jobstream/contracts';
import { HEARTBEAT_DOC_ID, HeartbeatDocument } from './heartbeat-index';

/**
 * The indexer's end of the heartbeat: writes it to Elasticsearch with its sequence number as
 * external version, so a late or repeated heartbeat never replaces a newer one.
 */
export class HeartbeatRecorder {
  constructor(
    private readonly client: Client,
    private readonly index: string,
  ) {}

  /** Throws when Elasticsearch did not take it (the message is then retried like a job event). */
  async record({ payload }: HeartbeatEventV1): Promise<void> {
    const document: HeartbeatDocument = { seq: payload.seq, sentAt: payload.sentAt, indexedAt: new Date().toISOString() };
    try {
      await this.client.index({ index: this.index, id: HEARTBEAT_DOC_ID, version: payload.seq, version_type: 'external', document });
    } catch (error) {
      const stale = error instanceof errors.ResponseError && error.statusCode === 409;
      if (!stale) throw error;
    }
  }
}
