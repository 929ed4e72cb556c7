import { Client, errors } from '@elastic/elasticsearch';
import { MappingProperty } from '@elastic/elasticsearch/lib/api/types';
import { JobDocument } from './job-document';

const keyword = { type: 'keyword' } as const;
/**
 * A keyword fed by user data: one term may not exceed Lucene's 32,766 bytes, or the whole document
 * is refused. `ignore_above` counts characters, of up to 4 bytes each in UTF-8, so 8,191 is the
 * most that is always safe; a longer value stays in the document's source, unindexed. The API's
 * limits (libs/contracts input-rules) keep values far shorter: this is the defence behind them.
 */
const userKeyword = { type: 'keyword', ignore_above: 8_191 } as const;
const date = { type: 'date' } as const;

/**
 * Explicit and strict: a field we did not plan for is refused rather than guessed. One property
 * per field of JobDocument (derived from the event contract), no more, no fewer: the type refuses
 * a field without its mapping, and a mapping of no field.
 */
export const JOBS_MAPPING = {
  dynamic: 'strict',
  properties: {
    jobId: keyword,
    userId: keyword,
    userName: { type: 'text', fields: { raw: userKeyword } },
    userEmail: userKeyword,
    userDeleted: { type: 'boolean' },
    workspaceId: keyword,
    workspaceHostname: userKeyword,
    projectName: { ...userKeyword, fields: { text: { type: 'text' } } },
    hostname: userKeyword,
    arch: userKeyword,
    status: keyword,
    type: keyword,
    errorMessage: { type: 'text' },
    metadata: { type: 'object', enabled: false },
    metadataPairs: userKeyword,
    createdAt: date,
    updatedAt: date,
    completedAt: date,
    version: { type: 'long' },
  } satisfies { [K in keyof JobDocument]-?: MappingProperty },
} as const;

export const JOBS_SETTINGS = {
  number_of_shards: 1,
  number_of_replicas: 0,
  refresh_interval: '1s',
} as const;

/** Versioned physical index names behind one alias, so a reindex can swap them atomically. */
export const physicalIndexName = (alias: string, generation: number) => `${alias}_v${generation}`;

/** Creates a physical jobs index with the current mapping, optionally already behind the alias. */
export async function createJobsIndex(client: Client, index: string, alias?: string): Promise<void> {
  await client.indices.create({
    index,
    settings: JOBS_SETTINGS,
    mappings: JOBS_MAPPING,
    ...(alias ? { aliases: { [alias]: { is_write_index: true } } } : {}),
  });
}

/** The physical index the alias points at, or null when there is none yet. */
export async function currentJobsIndex(client: Client, alias: string): Promise<string | null> {
  if (!(await client.indices.existsAlias({ name: alias }))) return null;
  const [index] = Object.keys(await client.indices.getAlias({ name: alias }));
  return index ?? null;
}

/**
 * Creates `<alias>_v1` with the mapping and points the alias at it; when the alias exists, adds
 * the mapping's new fields to its index (putting a mapping only adds: an index made before a
 * field existed accepts documents with it, without a reindex). Safe to call from several
 * services at once.
 */
export async function ensureJobsIndex(client: Client, alias: string): Promise<void> {
  if (await client.indices.existsAlias({ name: alias })) {
    await client.indices.putMapping({ index: alias, ...JOBS_MAPPING });
    return;
  }
  try {
    await createJobsIndex(client, physicalIndexName(alias, 1), alias);
  } catch (error) {
    const alreadyThere =
      error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception';
    if (!alreadyThere) throw error;
  }
}
