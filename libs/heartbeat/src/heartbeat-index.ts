import { Client, errors } from '@elastic/elasticsearch';

/** Heartbeats land in an index of their own next to the jobs alias, one document overwritten in place. */
export const heartbeatIndexOf = (jobsAlias: string) => `${jobsAlias}_heartbeat`;
export const HEARTBEAT_DOC_ID = 'pipeline';

/** The heartbeat document as the indexer writes it. */
export interface HeartbeatDocument {
  seq: number;
  sentAt: string;
  /** The indexer's clock when Elasticsearch accepted it. */
  indexedAt: string;
}

export async function ensureHeartbeatIndex(client: Client, index: string): Promise<void> {
  if (await client.indices.exists({ index })) return;
  try {
    await client.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { dynamic: 'strict', properties: { seq: { type: 'long' }, sentAt: { type: 'date' }, indexedAt: { type: 'date' } } },
    });
  } catch (error) {
    const alreadyThere = error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception';
    if (!alreadyThere) throw error;
  }
}
