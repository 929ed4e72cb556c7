const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;
const { extract, parse } = require('jest-docblock');

/**
 * Jest runs first the files it remembers as slowest, else the largest. A fresh clone remembers
 * nothing, and our longest files (a 60 s outage, restarts, a browser) are short ones: run last,
 * they left one worker busy long after the others were done. A file that says `@slow` in its
 * opening docblock starts first.
 */
class SlowFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const slow = new Set(sorted.filter((test) => 'slow' in parse(extract(readFileSync(test.path, 'utf8')))));
    return [...sorted.filter((test) => slow.has(test)), ...sorted.filter((test) => !slow.has(test))];
  }
}

module.exports = SlowFirst;
