import { CreateJobCommand } from '@jobstream/contracts';
import { OmitType } from '@nestjs/swagger';

/** POST /jobs: the gateway chooses the id and the correlation id. */
export class CreateJobBody extends OmitType(CreateJobCommand, ['id', 'correlationId'] as const) {}
