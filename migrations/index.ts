import { InitialSchema1732500000000 } from './1732500000000-initial-schema';

/** Every migration, in order; TypeORM records which have run in its migrations table. */
export const MIGRATIONS = [InitialSchema1732500000000];
