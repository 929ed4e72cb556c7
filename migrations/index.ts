import { InitialSchema1732500000000 } from './1732500000000-initial-schema';
import { OwnerVersions1732600000000 } from './1732600000000-owner-versions';
import { OutboxAggregateIndex1732700000000 } from './1732700000000-outbox-aggregate-index';
import { OutboxPublishedIndex1732800000000 } from './1732800000000-outbox-published-index';
import { JobSearchIndexes1732900000000 } from './1732900000000-job-search-indexes';
import { AccessControl1733000000000 } from './1733000000000-access-control';
import { ImageScheduleVersions1733100000000 } from './1733100000000-image-schedule-versions';
import { PipelineHeartbeat1733200000000 } from './1733200000000-pipeline-heartbeat';
import { Governance1733300000000 } from './1733300000000-governance';
import { IndexRejections1733400000000 } from './1733400000000-index-rejections';
import { JobDeletions1733500000000 } from './1733500000000-job-deletions';
import { SignIn1733600000000 } from './1733600000000-sign-in';

/** Every migration, in order; TypeORM records which have run in its migrations table. */
export const MIGRATIONS = [
  InitialSchema1732500000000,
  OwnerVersions1732600000000,
  OutboxAggregateIndex1732700000000,
  OutboxPublishedIndex1732800000000,
  JobSearchIndexes1732900000000,
  AccessControl1733000000000,
  ImageScheduleVersions1733100000000,
  PipelineHeartbeat1733200000000,
  Governance1733300000000,
  IndexRejections1733400000000,
  JobDeletions1733500000000,
  SignIn1733600000000,
];
