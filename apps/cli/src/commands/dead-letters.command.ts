import { DeadLetters } from '@jobstream/messaging';
import { parseArgs } from 'node:util';
import { Command, OK, UsageError } from './command';

/** `dead-letters list|replay [--limit N]`: the indexer's parked messages. */
export const deadLetters: Command = async ([action, ...args], config) => {
  if (action !== 'list' && action !== 'replay') throw new UsageError('dead-letters takes list or replay');
  const { values } = parseArgs({ args, options: { limit: { type: 'string', default: '100' } } });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
  const letters = await DeadLetters.open(config.AMQP_URL, config.INDEXER_QUEUE);
  try {
    if (action === 'replay') {
      console.log(`replayed ${await letters.replay(limit)} messages onto ${config.INDEXER_QUEUE}`);
    } else {
      for (const letter of await letters.list(limit)) console.log(JSON.stringify(letter));
    }
    return OK;
  } finally {
    await letters.close();
  }
};
