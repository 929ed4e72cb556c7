import { ClaimedTask } from './claimed-task';
import { TaskExecutor } from './task-executor';
import { defaultTaskPolicy } from './task-policy';
import { TaskStore } from './task-store';

/** The store's worker side, in memory: what the executor wrote, in order. */
class FakeTaskStore {
  readonly writes: string[] = [];
  renew = async (_task: ClaimedTask, progress?: number) => void this.writes.push(progress === undefined ? 'renew' : `progress ${progress}`);
  complete = async (_task: ClaimedTask, result: object) => void this.writes.push(`complete ${JSON.stringify(result)}`);
  fail = async (_task: ClaimedTask, error: unknown) => void this.writes.push(`fail ${(error as Error).message}`);
  release = async () => void this.writes.push('release');
}

const task: ClaimedTask = { id: '0190a5b1-3c4d-7e8f-9a0b-1c2d3e4f5a6b', type: 'REINDEX', payload: { batchSize: 10 }, attempt: 1 };

describe(TaskExecutor.name, () => {
  let store: FakeTaskStore;
  let executor: TaskExecutor;

  beforeEach(() => {
    store = new FakeTaskStore();
    executor = new TaskExecutor(store as unknown as TaskStore, defaultTaskPolicy());
  });

  it('records progress when the whole percentage moves, then the result', async () => {
    const result = await executor.execute(task, async (payload, progress) => {
      for (const percent of [0, 0.4, 12.2, 12.9, 50, 150]) await progress(percent);
      return { seen: payload.batchSize };
    });

    expect(result).toEqual({ seen: 10 });
    expect(store.writes).toEqual(['progress 12', 'progress 50', 'progress 100', 'complete {"seen":10}']);
  });

  it('records the error of a failed run and passes it on', async () => {
    await expect(executor.execute(task, async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');

    expect(store.writes).toEqual(['fail disk full']);
  });

  it('hands the task back when the worker shuts down, at the next progress report', async () => {
    const stopping = new AbortController();

    const run = executor.execute(
      task,
      async (_, progress) => {
        await progress(10);
        stopping.abort(new Error('shutting down'));
        await progress(20);
        return {};
      },
      stopping.signal,
    );

    await expect(run).rejects.toThrow('shutting down');
    expect(store.writes).toEqual(['progress 10', 'release']);
  });
});
