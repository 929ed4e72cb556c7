import { DataSource } from 'typeorm';
import { IdRange, idRangeSql } from './id-range';
import { JobFingerprint } from './job-fingerprint';
import { RangeChecksum } from './range-checksum';

interface DeepRow {
  id: string;
  version: string;
  status: string;
  user_name: string;
  user_email: string | null;
  workspace_hostname: string | null;
}

/** The PostgreSQL side of a range: its checksum, then (only where needed) its jobs. */
export class JobRangeReader {
  constructor(private readonly db: DataSource) {}

  async checksum(range: IdRange): Promise<RangeChecksum> {
    const { where, params } = idRangeSql(range, 'id');
    const [row]: { count: string; sum: string }[] = await this.db.query(
      `SELECT count(*) AS count, coalesce(sum(version), 0) AS sum FROM job WHERE ${where}`,
      params,
    );
    return { count: Number(row.count), versionSum: Number(row.sum) };
  }

  /** In id order; deep reads the document's fields through the joins that build documents. */
  async fingerprints(range: IdRange, deep: boolean): Promise<JobFingerprint[]> {
    const { where, params } = idRangeSql(range, 'j.id');
    if (!deep) {
      const rows: { id: string; version: string }[] = await this.db.query(
        `SELECT j.id, j.version FROM job j WHERE ${where} ORDER BY j.id`,
        params,
      );
      return rows.map((row) => ({ id: row.id, version: Number(row.version) }));
    }
    const rows: DeepRow[] = await this.db.query(
      `SELECT j.id, j.version, j.status, u.name AS user_name, j.user_email, w.hostname AS workspace_hostname
         FROM job j
         JOIN users u ON u.id = j.user_id
         LEFT JOIN workspace w ON w.id = j.workspace_id
        WHERE ${where}
        ORDER BY j.id`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      version: Number(row.version),
      status: row.status,
      userName: row.user_name,
      userEmail: row.user_email,
      workspaceHostname: row.workspace_hostname,
    }));
  }
}
