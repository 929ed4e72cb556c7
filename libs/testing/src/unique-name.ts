import { randomBytes } from 'node:crypto';

/** Names no earlier or parallel run can have taken: every run brings its own resources. */
export function uniqueName(label: string): string {
  return `js_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}
