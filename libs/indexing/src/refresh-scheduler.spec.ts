import { RefreshScheduler } from './refresh-scheduler';

describe(RefreshScheduler.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('refreshes at once, then at most once per interval, and runs a refresh asked for meanwhile at its end', async () => {
    const refresh = jest.fn(() => Promise.resolve());
    const scheduler = new RefreshScheduler(refresh, 200);

    scheduler.request();
    await jest.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);

    scheduler.request();
    scheduler.request();
    await jest.advanceTimersByTimeAsync(199);
    expect(refresh).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('never runs two refreshes at once', async () => {
    let finish!: () => void;
    const refresh = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const scheduler = new RefreshScheduler(refresh, 10);

    scheduler.request();
    await jest.advanceTimersByTimeAsync(0);
    scheduler.request();
    await jest.advanceTimersByTimeAsync(50);
    expect(refresh).toHaveBeenCalledTimes(1);

    finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('does nothing with an interval of 0', async () => {
    const refresh = jest.fn(() => Promise.resolve());
    new RefreshScheduler(refresh, 0).request();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(refresh).not.toHaveBeenCalled();
  });
});
