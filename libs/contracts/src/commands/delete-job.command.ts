import { JobWriteCommand } from './job-write.command';

export class DeleteJobCommand extends JobWriteCommand {}
