import { withDeadline } from './withDeadline';

const timeout = () => new Error('too slow');

describe('withDeadline', () => {
  it("is the call's outcome when it settles in time, and aborts nothing", async () => {
    let signal: AbortSignal | undefined;
    await expect(
      withDeadline(
        async s => {
          signal = s;
          return 'answer';
        },
        1000,
        timeout,
      ),
    ).resolves.toBe('answer');
    await expect(
      withDeadline(
        async () => {
          throw new Error('refused');
        },
        1000,
        timeout,
      ),
    ).rejects.toThrow('refused');
    expect(signal?.aborted).toBe(false);
  });

  it('is the timeout error at the deadline, and aborts the call', async () => {
    let signal: AbortSignal | undefined;
    const started = Date.now();
    await expect(
      withDeadline(
        s => {
          signal = s;
          return new Promise(() => {}); // never settles, heeds no signal
        },
        50,
        timeout,
      ),
    ).rejects.toThrow('too slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toEqual(new Error('too slow'));
  });

  it('is the timeout error, not the abort error, for a call that heeds the signal', async () => {
    const heeding = (signal: AbortSignal) =>
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () =>
          reject(new Error('aborted by the caller')),
        ),
      );
    await expect(withDeadline(heeding, 20, timeout)).rejects.toThrow(
      'too slow',
    );
  });
});
