import { CreateJobCommand } from '@jobstream/contracts';
import { OmitType } from '@nestjs/swagger';

/**
 * POST /jobs. `id` is optional: a client that picks one (a UUID) may safely retry a POST whose
 * answer it never got, and gets the one job; otherwise the gateway picks a UUIDv7. The gateway
 * sets the correlation id.
 */
export class CreateJobBody extends OmitType(CreateJobCommand, ['correlationId'] as const) {}
