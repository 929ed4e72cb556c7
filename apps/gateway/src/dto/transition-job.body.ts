import { TransitionJobCommand } from '@jobstream/contracts';
import { OmitType } from '@nestjs/swagger';

/** PATCH /jobs/:id/status: the id comes from the path. */
export class TransitionJobBody extends OmitType(TransitionJobCommand, ['id', 'correlationId'] as const) {}
