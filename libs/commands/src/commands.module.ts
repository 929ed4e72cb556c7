import { AuditWriter } from '@jobstream/audit';
import { OutboxWriter } from '@jobstream/persistence';
import { Module } from '@nestjs/common';
import { ImageCommandsService } from './image-commands.service';
import { JobCommandsService } from './job-commands.service';
import { JobRedenormalizer } from './job-redenormalizer';
import { OwnerCommandsService } from './owner-commands.service';

/** The write side; needs the app's PersistenceModule for its DataSource. */
@Module({
  providers: [JobCommandsService, OwnerCommandsService, ImageCommandsService, JobRedenormalizer, OutboxWriter, AuditWriter],
  exports: [JobCommandsService, OwnerCommandsService, ImageCommandsService, JobRedenormalizer],
})
export class CommandsModule {}
