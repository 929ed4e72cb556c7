/**
 * The gateway's answers this page reads, as the gateway's controllers and entities shape them
 * (dates arrive as ISO strings).
 */

/** GET /operations/overview: one sample of the pipeline's state. */
export interface Overview {
  pipeline: {
    healthy: boolean;
    reason?: string;
    stallAfterMs: number;
    lastSent: { seq: number; sentAt: string; ageMs: number } | null;
    lastArrived: { seq: number; sentAt: string; indexedAt: string; ageMs: number; transitMs: number } | null;
    /** Heartbeats sent but not (yet) in Elasticsearch. */
    behind: number | null;
    unindexable: { jobs: number; latest: { jobId: string; version: number; reason: string; rejectedAt: string } | null };
  };
  outbox: { backlog: number; oldestAgeMs: number | null };
  /** Jobs whose document is missing or behind their row. */
  sync: { behind: number; oldestAgeMs: number | null };
  deadLetters: { queue: string; messages: number }[];
  checker: { at: string; missing: number; stale: number; orphans: number; unindexable: number } | null;
  sampledAt: string;
}

/** GET /dead-letters/:queue */
export interface DeadLetterList {
  queue: string;
  items: { messageId?: string; type?: string; attempts: number; reason: string; body: unknown }[];
}

/** libs/persistence's TASK_TYPES and TASK_STATUSES. */
export type TaskType = 'REINDEX' | 'RECONCILE' | 'REPAIR';
export type TaskStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED';

/** libs/persistence's BackgroundTaskEntity. */
export interface Task {
  id: string;
  type: TaskType;
  status: TaskStatus;
  /** 0–100. */
  progress: number;
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
  errorMessage: string | null;
  attempts: number;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
}

/** libs/persistence's UserEntity, as GET /users lists it. */
export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  version: number;
  deletedAt: string | null;
}

/** PUT /users/:id/roles answers the roles the user ends with. */
export interface UserRoles {
  userId: string;
  roles: string[];
}

/** libs/access's ApiKeyView: a key as listings show it, never its secret. */
export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

/** POST /api-keys: the only answer that carries the secret. */
export interface IssuedApiKey extends ApiKey {
  key: string;
}

/** libs/access's ROLE_NAMES. */
export const ROLE_NAMES = ['viewer', 'writer', 'admin'] as const;
