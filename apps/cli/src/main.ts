import 'reflect-metadata';
import { loadConfig } from '@jobstream/config';
import { standaloneLogger } from '@jobstream/logging';
import { Logger } from '@nestjs/common';
import { apiKeys } from './commands/api-keys.command';
import { check } from './commands/check.command';
import { Command, ERROR, UsageError } from './commands/command';
import { deadLetters } from './commands/dead-letters.command';
import { users } from './commands/users.command';
import { eventSchemas } from './commands/event-schemas.command';
import { reconcile } from './commands/reconcile.command';
import { reindex } from './commands/reindex.command';
import { cliConfig } from './config';

const USAGE = `usage: node dist/apps/cli/src/main.js <command> [options]   (or: npm run cli -- <command> ...)

commands:
  check [--repair] [--deep] [--json] [--range-size N]
      Compares every job in PostgreSQL with its Elasticsearch document and counts missing,
      stale and orphan documents. Exits 0 without drift, 1 with drift (also when --repair
      fixed it), 2 on errors.
        --repair          index missing and stale jobs, delete orphan documents (recorded as a REPAIR task)
        --deep            compare status and owner fields row by row in every range
        --json            print the report as JSON
        --range-size N    jobs per compared range (default 10000)
  reconcile [--grace-ms N]
      Re-sends jobs whose document is missing or behind (seed 001's sync detection); recorded
      as a RECONCILE task (GET /tasks).
  reindex
      Rebuilds the jobs index into its next generation and swaps the alias, without downtime;
      recorded as a REINDEX task.
  dead-letters list|replay [--queue Q] [--limit N]
      Shows a queue's parked messages (its Q.dead queue) with their reasons, or moves them back
      onto the queue.
        --queue Q         default INDEXER_QUEUE (indexer.jobs); the job-writer's commands are
                          WRITER_QUEUE (job-writer.commands), its owner changes job-writer.owner-changes
        --limit N         at most N messages (default 100)
  api-keys create --email E [--name N] [--role viewer|writer|admin] [--key-name K]
      Creates the user if missing, adds the role (default admin) and prints a new API key
      for the gateway on stdout; it is shown only this once.
  api-keys revoke --id ID
      Revokes an API key.
  users set-password --email E [--name N] [--role viewer|writer|admin] [--generate]
      Lets a person sign in to the dashboard: creates the user if missing, adds the role
      (default admin) and sets the password from JOBSTREAM_PASSWORD, or with --generate makes
      one up and prints it on stdout, once. The user's open sessions end.
  event-schemas [DIR]
      Writes the JSON Schema of every published event into DIR (default docs/events);
      \`npm run contracts:schemas\` builds first and runs this.

environment: DATABASE_URL, ES_URL, ES_JOBS_ALIAS, AMQP_URL, INDEXER_QUEUE, WRITER_QUEUE, LOG_LEVEL (default warn; see README.md)`;

/** One entry per subcommand: each parses its own options and answers with an exit code. */
const COMMANDS = new Map<string, Command>([
  ['check', check],
  ['reconcile', reconcile],
  ['reindex', reindex],
  ['dead-letters', deadLetters],
  ['api-keys', apiKeys],
  ['users', users],
  ['event-schemas', eventSchemas],
]);

async function main([name, ...args]: string[]): Promise<number> {
  const command = name === undefined ? undefined : COMMANDS.get(name);
  if (!command) throw new UsageError(name === undefined ? 'no command given' : `unknown command: ${name}`);
  const config = loadConfig(cliConfig);
  Logger.overrideLogger(standaloneLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL }));
  return command(args, config);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(usage ? `${(error as Error).message}\n\n${USAGE}` : `error: ${String(error)}`);
    process.exitCode = ERROR;
  },
);
