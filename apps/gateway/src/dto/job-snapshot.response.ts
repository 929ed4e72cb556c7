import { ZodModel } from '@jobstream/api';
import { jobSnapshotSchemaV1 } from '@jobstream/contracts';
import { ApiSchema } from '@nestjs/swagger';

/** A job as the gateway answers it: the v1 snapshot, documented from the event contract's own schema. */
@ApiSchema({ name: 'JobSnapshotV1', description: jobSnapshotSchemaV1.description })
export class JobSnapshotResponse extends ZodModel(jobSnapshotSchemaV1) {}
