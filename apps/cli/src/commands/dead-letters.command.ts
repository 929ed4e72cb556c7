import { DeadLetters } from '@jobstream/messaging';
import { parseArgs } from 'node:util';
import { Command, OK, UsageError } from './command';

/**
 * `dead-letters list|replay [--queue Q] [--limit N]`: the parked messages of a queue (default
 * the indexer's; the job-writer's commands are on WRITER_QUEUE).
 */
export const deadLetters: Command = async ([action, ...args], config) => {
  if (action !== 'list' && action !== 'replay') throw new UsageError('dead-letters takes list or replay');
  const { values } = parseArgs({ args, options: { limit: { type: 'string', default: '100' }, queue: { type: 'string', default: config.INDEXER_QUEUE } } });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
  const letters = await DeadLetters.open(config.AMQP_URL, values.queue);
  try {
    if (action === 'replay') {
      console.log(`replayed ${await letters.replay(limit)} messages onto ${values.queue}`);
    } else {
      for (const letter of await letters.list(limit)) console.log(JSON.stringify(letter));
    }
    return OK;
  } finally {
    await letters.close();
  }
};
