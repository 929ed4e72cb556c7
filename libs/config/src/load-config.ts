import { z } from 'zod';

/**
 * Parses the environment once at start-up against an app's schema and fails with every problem
 * at once, so an operator fixes the whole configuration in one pass.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new Error(`invalid configuration:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

const isProduction = (env: NodeJS.ProcessEnv = process.env) => env.NODE_ENV === 'production';

/**
 * A connection URL whose local default (with its well-known local credentials) is only
 * allowed outside production.
 */
export const localUrl = (localDefault: string) =>
  z
    .url()
    .optional()
    .transform((value, ctx) => {
      if (value) return value;
      if (isProduction()) {
        ctx.addIssue({ code: 'custom', message: 'required in production (no default credentials)' });
        return z.NEVER;
      }
      return localDefault;
    });

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
