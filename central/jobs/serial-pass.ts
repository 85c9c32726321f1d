/**
 * Passes of one piece of work, one after another: a call while a pass waits to start joins
 * it, a call while one runs queues exactly one more. A burst of 500 statuses therefore
 * costs two passes, not 500, and no pass overlaps another. A failed pass is reported and
 * the next call runs again.
 */
export class SerialPass {
  private chain: Promise<void> = Promise.resolve();
  private queued = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly failed: (err: unknown) => void,
  ) {}

  /** Resolves when the pass that covers this call has finished. */
  run(): Promise<void> {
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain.then(async () => {
      this.queued = false;
      try {
        await this.work();
      } catch (err) {
        this.failed(err);
      }
    });
    return this.chain;
  }

  /** The last pass started, for a stop that waits for it. */
  get settled(): Promise<void> {
    return this.chain;
  }
}
