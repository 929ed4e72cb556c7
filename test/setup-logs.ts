import { logNestToFile } from '@jobstream/testing';

// Nest's log lines of code a test file runs in-process go to the file test/environment.ts names.
logNestToFile((globalThis as { inProcessLogFile?: string }).inProcessLogFile ?? '.run/test-logs/in-process.log');
