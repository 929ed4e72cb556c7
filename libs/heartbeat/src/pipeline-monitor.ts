import { Client, errors } from '@elastic/elasticsearch';
import { DataSource } from 'typeorm';
import { HEARTBEAT_DOC_ID, HeartbeatDocument } from './heartbeat-index';
import { ArrivedHeartbeat, assessPipeline, PipelineStatus, SentHeartbeat } from './pipeline-status';

/** Compares the newest heartbeat sent (PostgreSQL) with the newest that reached Elasticsearch. */
export class PipelineMonitor {
  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
    private readonly index: string,
    private readonly stallAfterMs: number,
  ) {}

  async status(): Promise<PipelineStatus> {
    const [sent, arrived] = await Promise.all([this.lastSent(), this.lastArrived().catch((error: Error) => error)]);
    return assessPipeline(sent, arrived, new Date(), this.stallAfterMs);
  }

  private async lastSent(): Promise<SentHeartbeat | null> {
    const [row]: { seq: string; sent_at: Date | null }[] = await this.db.query(`SELECT seq, sent_at FROM pipeline_heartbeat`);
    return row?.sent_at ? { seq: Number(row.seq), sentAt: row.sent_at } : null;
  }

  private async lastArrived(): Promise<ArrivedHeartbeat | null> {
    try {
      const { _source: doc } = await this.client.get<HeartbeatDocument>({ index: this.index, id: HEARTBEAT_DOC_ID }, { maxRetries: 0 });
      return doc ? { seq: doc.seq, sentAt: new Date(doc.sentAt), indexedAt: new Date(doc.indexedAt) } : null;
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return null;
      throw error;
    }
  }
}
