import 'reflect-metadata';
import { loadConfig } from '@jobstream/config';
import { ConsistencyChecker, formatConsistencyReport, hasDrift } from '@jobstream/consistency';
import { dataSourceOptions } from '@jobstream/persistence';
import { createEsClient } from '@jobstream/search';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { cliConfig } from './config';

/** Exit codes: scripts and cron jobs tell drift from a failed run. */
const OK = 0;
const DRIFT = 1;
const ERROR = 2;

const USAGE = `usage: node dist/apps/cli/src/main.js <command> [options]

commands:
  check [--repair] [--deep] [--json] [--range-size N]
      Compares every job in PostgreSQL with its Elasticsearch document and counts missing,
      stale and orphan documents. Exits 0 without drift, 1 with drift (also when --repair
      fixed it), 2 on errors.
        --repair          index missing and stale jobs, delete orphan documents
        --deep            compare status and owner fields row by row in every range
        --json            print the report as JSON
        --range-size N    jobs per compared range (default 10000)

environment: DATABASE_URL, ES_URL, ES_JOBS_ALIAS (see README.md)`;

/** A mistake in the command line: answered with the usage. */
class UsageError extends Error {}

async function check(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repair: { type: 'boolean', default: false },
      deep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'range-size': { type: 'string', default: '10000' },
    },
  });
  const rangeSize = Number(values['range-size']);
  if (!Number.isInteger(rangeSize) || rangeSize < 1) throw new UsageError(`--range-size must be a positive integer`);
  const config = loadConfig(cliConfig);
  const db = await new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE)).initialize();
  const client = createEsClient(config.ES_URL, config.ES_REQUEST_TIMEOUT_MS);
  try {
    const report = await new ConsistencyChecker(db, client, config.ES_JOBS_ALIAS).check({
      repair: values.repair,
      deep: values.deep,
      rangeSize,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatConsistencyReport(report));
    return hasDrift(report) ? DRIFT : OK;
  } finally {
    await Promise.allSettled([db.destroy(), client.close()]);
  }
}

/** One entry per subcommand: each parses its own options and answers with an exit code. */
const COMMANDS = new Map<string, (args: string[]) => Promise<number>>([['check', check]]);

async function main([name, ...args]: string[]): Promise<number> {
  const command = name === undefined ? undefined : COMMANDS.get(name);
  if (!command) throw new UsageError(name === undefined ? 'no command given' : `unknown command: ${name}`);
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(usage ? `${(error as Error).message}\n\n${USAGE}` : `error: ${String(error)}`);
    process.exitCode = ERROR;
  },
);
