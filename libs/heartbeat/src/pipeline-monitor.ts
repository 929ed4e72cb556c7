import { Client, errors } from '@elastic/elasticsearch';
import { JobIndexRejections } from '@jobstream/persistence';
import { DataSource } from 'typeorm';
import { HEARTBEAT_DOC_ID, HeartbeatDocument } from './heartbeat-index';
import { ArrivedHeartbeat, assessPipeline, PipelineStatus, SentHeartbeat } from './pipeline-status';

/**
 * Compares the newest heartbeat sent (PostgreSQL) with the newest that reached Elasticsearch, and
 * tells the jobs Elasticsearch refused: the pipeline flows around them, so they do not make it
 * unhealthy, but they are never searchable until someone acts.
 */
export class PipelineMonitor {
  private readonly rejections: JobIndexRejections;

  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
    private readonly index: string,
    private readonly stallAfterMs: number,
  ) {
    this.rejections = new JobIndexRejections(db);
  }

  async status(): Promise<PipelineStatus> {
    const [sent, arrived, unindexable] = await Promise.all([
      this.lastSent(),
      this.lastArrived().catch((error: Error) => error),
      this.rejections.summary(),
    ]);
    return { ...assessPipeline(sent, arrived, new Date(), this.stallAfterMs), unindexable };
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
