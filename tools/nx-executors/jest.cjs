// Why by hand: the unit tests share one Jest configuration (jest.config.js, project "unit"), and
// @nx/jest's batch mode wants a config file per project. Started once per project, Jest and
// ts-jest cost 15 processes' start-up; in batch mode (NX_BATCH_MODE=true, as npm test runs) one
// Jest runs every project's tests and each project's result is still cached alone.
const { runCLI } = require('jest');
const { join, relative } = require('node:path');

const JEST_PROJECT = 'unit';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function argv(roots, quiet) {
  return {
    $0: 'jest',
    _: [],
    selectProjects: [JEST_PROJECT],
    testPathPattern: roots.map((root) => `^${escapeRegExp(root)}/`),
    passWithNoTests: true,
    // In a batch each project's result is written by Nx from the results below.
    ...(quiet ? { reporters: [] } : {}),
  };
}

async function test(_options, context) {
  const { root } = context.projectsConfigurations.projects[context.projectName];
  const { results } = await runCLI(argv([join(context.root, root)], false), [context.root]);
  return { success: results.success };
}

const failed = (file) => file.numFailingTests > 0 || Boolean(file.testExecError);

function report(root, projectRoot, testResults) {
  const files = testResults.filter((file) => file.testFilePath.startsWith(`${projectRoot}/`));
  if (files.length === 0) return { success: true, terminalOutput: `no unit tests in ${relative(root, projectRoot)}\n` };
  const failures = files.filter(failed);
  const lines = files.map((file) => `${failed(file) ? 'FAIL' : 'PASS'} ${relative(root, file.testFilePath)}`);
  const messages = failures.map((file) => file.failureMessage ?? String(file.testExecError?.message));
  const tests = files.reduce((sum, file) => sum + file.numPassingTests + file.numFailingTests, 0);
  return {
    success: failures.length === 0,
    terminalOutput: [...lines, ...messages, `${files.length} files, ${tests} tests, ${failures.length} files failed`, ''].join('\n'),
  };
}

async function* testBatch(taskGraph, _inputs, _overrides, context) {
  const tasks = Object.values(taskGraph.tasks);
  const roots = tasks.map((task) => join(context.root, task.projectRoot));
  const { results } = await runCLI(argv(roots, true), [context.root]);
  for (const [i, task] of tasks.entries()) yield { task: task.id, result: report(context.root, roots[i], results.testResults) };
}

module.exports = test;
module.exports.testBatch = testBatch;
