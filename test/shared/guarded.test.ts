import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guarded, type ListenerErrorLog } from '../../shared/index.ts';
import { eventually } from '../helpers/eventually.ts';

function recordingLog() {
  const logged: { fields: { err: unknown; owner: string }; message: string }[] = [];
  const log: ListenerErrorLog = { error: (fields, message) => void logged.push({ fields, message }) };
  return { log, logged };
}

describe('guarded listeners', () => {
  it('logs a throw with its owner and returns normally', () => {
    const { log, logged } = recordingLog();
    const boom = new Error('boom');
    const listener = guarded(log, 'mqtt.connect', () => {
      throw boom;
    });
    expect(() => listener()).not.toThrow();
    expect(logged).toEqual([{ fields: { err: boom, owner: 'mqtt.connect' }, message: 'listener failed' }]);
  });

  it('logs a rejected promise with its owner instead of leaving it unhandled', async () => {
    const { log, logged } = recordingLog();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const late = new Error('late');
      const emitter = new EventEmitter();
      emitter.on(
        'message',
        guarded(log, 'mqtt.message', async (_topic: string) => {
          await Promise.resolve();
          throw late;
        }),
      );
      expect(emitter.emit('message', 'vs/v1/x')).toBe(true);
      const [entry] = await eventually(() => logged.length > 0 && logged, 2000, 'the rejection to be logged');
      expect(entry).toEqual({ fields: { err: late, owner: 'mqtt.message' }, message: 'listener failed' });
      // An unhandled rejection is reported on a later turn; give it one.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('passes the arguments through and logs nothing when the listener succeeds, sync or async', async () => {
    const { log, logged } = recordingLog();
    const seen: unknown[] = [];
    guarded(log, 'sync', (a: number, b: string) => void seen.push(a, b))(1, 'one');
    let settled = false;
    guarded(log, 'async', async (a: number) => {
      seen.push(a);
      settled = true;
    })(2);
    await eventually(() => settled, 2000, 'the async listener to settle');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1, 'one', 2]);
    expect(logged).toEqual([]);
  });
});
