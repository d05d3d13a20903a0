// One run of one check: every way a check can go wrong becomes an unhealthy result with a
// bounded reason, never an exception, and a hung check is cut off at its timeout.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeFailure, MAX_OUTPUT_LENGTH, runCheck } from '../../src/health/runCheck.js';

describe('runCheck', () => {
  it.each([
    ['nothing (void)', () => undefined, 'healthy'],
    ['true', () => true, 'healthy'],
    ['"healthy"', async () => 'healthy' as const, 'healthy'],
    ['"degraded"', async () => 'degraded' as const, 'degraded'],
    ['false', async () => false, 'unhealthy'],
    ['"unhealthy"', () => 'unhealthy' as const, 'unhealthy'],
  ])('maps a check returning %s to %s, without output', async (_, check, status) => {
    expect(await runCheck(check, 1000)).toMatchObject({ status, output: undefined });
  });

  it('keeps the output of the object form, bounded', async () => {
    expect(await runCheck(() => ({ status: 'degraded', output: 'replica lag 31 s' }), 1000)).toMatchObject({
      status: 'degraded',
      output: 'replica lag 31 s',
    });
    const long = await runCheck(() => ({ status: 'unhealthy', output: 'x'.repeat(1000) }), 1000);
    expect(long.output).toHaveLength(MAX_OUTPUT_LENGTH);
  });

  it('fails a check that throws synchronously, with the error class and message', async () => {
    const result = await runCheck(() => {
      throw new RangeError('pool exhausted');
    }, 1000);
    expect(result).toMatchObject({ status: 'unhealthy', output: 'RangeError: pool exhausted' });
  });

  it('fails a check that rejects, naming a Node error code too', async () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(await runCheck(() => Promise.reject(error), 1000)).toMatchObject({
      status: 'unhealthy',
      output: 'Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:5432',
    });
  });

  it('fails a check that hangs at its timeout and aborts the signal it was given', async () => {
    let signal: AbortSignal | undefined;
    const result = await runCheck((s) => {
      signal = s;
      return new Promise<never>(() => undefined);
    }, 50);
    expect(result.status).toBe('unhealthy');
    expect(result.output).toBe('TimeoutError: no answer within 50 ms');
    expect(result.durationMillis).toBeGreaterThanOrEqual(45);
    expect(result.durationMillis).toBeLessThan(1000);
    expect(signal?.aborted).toBe(true);
  });

  it('fails an unrecognised result instead of guessing', async () => {
    expect(await runCheck((() => 'ok') as never, 1000)).toMatchObject({ status: 'unhealthy', output: 'unrecognised result (string)' });
    expect(await runCheck((() => ({ status: 'fine' })) as never, 1000)).toMatchObject({ status: 'unhealthy', output: 'unrecognised result (object)' });
  });
});

describe('describeFailure', () => {
  it('puts the message on one line and bounds it', () => {
    const text = describeFailure(new TypeError(`line one\nline two ${'y'.repeat(500)}`));
    expect(text.startsWith('TypeError: line one line two y')).toBe(true);
    expect(text).toHaveLength(MAX_OUTPUT_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });

  it('removes credentials from a URL quoted in the message', () => {
    expect(describeFailure(new Error('cannot reach mongodb://app:hunter2@db.internal:27017/orders'))).toBe(
      'Error: cannot reach mongodb://***@db.internal:27017/orders',
    );
  });

  it('describes thrown non-errors and unreadable errors without throwing', () => {
    expect(describeFailure('boom')).toBe('thrown string: boom');
    expect(describeFailure(undefined)).toBe('thrown undefined: undefined');
    const hostile = new Proxy(new Error('x'), {
      get() {
        throw new Error('getter');
      },
    });
    expect(describeFailure(hostile)).toBe('unreadable error');
  });
});

describe('a hung check at process end', () => {
  it('does not keep the process alive until its timeout', async () => {
    const worker = fileURLToPath(new URL('../support/workers/hungCheckProcess.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', worker], { timeout: 20_000 });
    const { exitedAfterMillis } = JSON.parse(stdout) as { exitedAfterMillis: number };
    // The check's timeout is 8000 ms; the process start (tsx included) takes well under 5000.
    expect(exitedAfterMillis).toBeLessThan(5000);
  }, 25_000);
});
