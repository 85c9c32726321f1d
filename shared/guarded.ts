/**
 * Event listeners that cannot kill the process: a throw, or a rejected promise from an
 * async listener, is logged with the listener's owner and goes no further. An
 * EventEmitter would otherwise rethrow the one and leave the other unhandled.
 */

/** What `guarded` needs of a logger; pino's Logger is one. */
export interface ListenerErrorLog {
  error(fields: { err: unknown; owner: string }, message: string): void;
}

export function guarded<A extends unknown[]>(log: ListenerErrorLog, owner: string, listener: (...args: A) => unknown): (...args: A) => void {
  const report = (err: unknown) => log.error({ err, owner }, 'listener failed');
  return (...args: A) => {
    try {
      const returned = listener(...args);
      if (isThenable(returned)) returned.then(undefined, report);
    } catch (err) {
      report(err);
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
