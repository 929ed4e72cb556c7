/**
 * What the checker compares of a job and of its document. The version alone decides, because
 * every change to a document's fields bumps the job's version; `--deep` also fills in status
 * and the denormalized owner and workspace fields, to audit that rule itself.
 */
export interface JobFingerprint {
  id: string;
  version: number;
  status?: string;
  userName?: string;
  userEmail?: string | null;
  workspaceHostname?: string | null;
}

/** The fields a deep check reads and compares, named as in the search document. */
export const DEEP_FIELDS = ['status', 'userName', 'userEmail', 'workspaceHostname'] as const;

export function sameFingerprint(a: JobFingerprint, b: JobFingerprint): boolean {
  return a.version === b.version && DEEP_FIELDS.every((field) => a[field] === b[field]);
}
