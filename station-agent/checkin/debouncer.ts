/**
 * Protocol v1 §Debounce: a read of uid U is a new tap only if no read of U happened
 * in the previous `debounceMs`, counted from the last read. A held card that keeps
 * repeating its frame is therefore one tap however long it is held.
 */
export class Debouncer {
  private readonly lastReadAt = new Map<string, number>();

  constructor(
    private readonly debounceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the read; true when it is a new tap. */
  isNewTap(uid: string): boolean {
    const now = this.now();
    const last = this.lastReadAt.get(uid);
    this.lastReadAt.set(uid, now);
    if (this.lastReadAt.size > 1024) this.forgetOlderThan(now - this.debounceMs);
    return last === undefined || now - last >= this.debounceMs;
  }

  /** Forgets a read, so that a tap the outbox refused can be retried at once. */
  forget(uid: string): void {
    this.lastReadAt.delete(uid);
  }

  /** Keeps memory bounded under a stream of distinct uids. */
  private forgetOlderThan(cutoff: number): void {
    for (const [uid, at] of this.lastReadAt) if (at < cutoff) this.lastReadAt.delete(uid);
  }
}
