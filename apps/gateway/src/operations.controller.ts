import { RequirePermission, PERMISSIONS } from '@jobstream/access';
import { JobstreamError } from '@jobstream/domain';
import { DeadLetter, DeadLetters } from '@jobstream/messaging';
import { OperationsOverview, OperationsOverviewReader } from '@jobstream/operations';
import { Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Query, DefaultValuePipe } from '@nestjs/common';
import { OPERATIONS_QUEUES } from './operations.queues';

/** The operations page's reads and the dead letters' replay: admins (tasks:manage). */
@Controller()
@RequirePermission(PERMISSIONS.manageTasks)
export class OperationsController {
  constructor(
    private readonly overview: OperationsOverviewReader,
    @Inject(OPERATIONS_QUEUES) private readonly queues: { amqpUrl: string; names: string[] },
  ) {}

  @Get('operations/overview')
  read(): Promise<OperationsOverview> {
    return this.overview.read();
  }

  /** Up to `limit` (≤ 500) parked messages of a queue, with why each was parked; they stay parked. */
  @Get('dead-letters/:queue')
  async list(@Param('queue') queue: string, @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number): Promise<{ queue: string; items: DeadLetter[] }> {
    return { queue, items: await this.withQueue(queue, (letters) => letters.list(Math.min(Math.max(limit, 1), 500))) };
  }

  /** Moves the messages parked when it starts back onto the queue. */
  @Post('dead-letters/:queue/replay')
  @HttpCode(200)
  async replay(@Param('queue') queue: string): Promise<{ replayed: number }> {
    return { replayed: await this.withQueue(queue, (letters) => letters.replay()) };
  }

  private async withQueue<T>(queue: string, use: (letters: DeadLetters) => Promise<T>): Promise<T> {
    if (!this.queues.names.includes(queue)) throw JobstreamError.notFound('dead-letter queue', queue);
    const letters = await DeadLetters.open(this.queues.amqpUrl, queue);
    try {
      return await use(letters);
    } finally {
      await letters.close();
    }
  }
}
