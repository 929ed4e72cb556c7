import { getMetadataArgsStorage } from 'typeorm';
import { JobEntity } from './entities/job.entity';

/** A column of the job table, as JobEntity declares it. */
export interface JobColumn {
  name: string;
  /** The declared type (`uuid`, `varchar`, `timestamptz`, ...). */
  type: string;
  nullable: boolean;
}

/** Read once, when the module loads, from the decorators TypeORM itself maps the row with. */
const COLUMNS: ReadonlyMap<string, JobColumn> = new Map(
  getMetadataArgsStorage()
    .filterColumns(JobEntity)
    .map(({ propertyName, options }): [string, JobColumn] => [
      propertyName,
      { name: options.name ?? propertyName, type: String(options.type), nullable: options.nullable === true },
    ]),
);

/**
 * The job table's column of a JobEntity property, for SQL written by hand (the snapshot, the job
 * queries): they name columns from here rather than repeat them. Resolve it when a statement is
 * built at load, not per query.
 */
export function jobColumn(field: keyof JobEntity): JobColumn {
  const column = COLUMNS.get(field);
  if (!column) throw new Error(`JobEntity maps no column to ${field}`);
  return column;
}
