import { PERMISSIONS, RequirePermission } from '@jobstream/access';
import { DeadLetter } from '@jobstream/messaging';
import { DeadLetterQueues, OperationsOverview, OperationsOverviewReader } from '@jobstream/operations';
import { Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';

/** The operations page's reads and the dead letters' replay: admins (tasks:manage). */
@Controller()
@RequirePermission(PERMISSIONS.manageTasks)
export class OperationsController {
  constructor(
    private readonly overview: OperationsOverviewReader,
    private readonly deadLetters: DeadLetterQueues,
  ) {}

  @Get('operations/overview')
  read(): Promise<OperationsOverview> {
    return this.overview.read();
  }

  /** Up to `limit` (≤ 500) parked messages of a queue, with why each was parked; they stay parked. */
  @Get('dead-letters/:queue')
  async list(@Param('queue') queue: string, @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number): Promise<{ queue: string; items: DeadLetter[] }> {
    return { queue, items: await this.deadLetters.list(queue, limit) };
  }

  /** Moves the messages parked when it starts back onto the queue. */
  @Post('dead-letters/:queue/replay')
  @HttpCode(200)
  async replay(@Param('queue') queue: string): Promise<{ replayed: number }> {
    return { replayed: await this.deadLetters.replay(queue) };
  }
}
