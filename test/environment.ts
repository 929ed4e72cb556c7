import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { basename, join, relative } from 'node:path';

/**
 * The integration tests' environment: it names a file for the test file's in-process logs
 * (test/setup-logs.ts sends Nest's logger there), and a failing test says where its logs are
 * (the service processes' logs are in the same folder; each AppProcess error names its own).
 */
export default class IntegrationEnvironment extends TestEnvironment {
  private readonly logs: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const file = join(config.projectConfig.rootDir, '.run/test-logs', `in-process-${basename(context.testPath).replace(/\.int-spec\.ts$/, '')}.log`);
    this.global.inProcessLogFile = file;
    this.logs = relative(process.cwd(), file);
  }

  handleTestEvent(event: Circus.Event): void {
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') {
      const what = event.name === 'test_fn_failure' ? event.test.name : `${event.hook.type} hook`;
      process.stderr.write(`\n${what} failed; logs: ${this.logs} and the services' logs in .run/test-logs/\n`);
    }
  }
}
