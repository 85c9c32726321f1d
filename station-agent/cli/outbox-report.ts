/** `station-agent outbox`: pending check-ins (count, oldest, seq range), never card uids. */
import type { OutboxStats } from '../outbox/outbox.ts';

export function formatOutboxReport(stats: OutboxStats, now = Date.now()): string {
  const lines = [`pending: ${stats.pending}`];
  if (stats.pending > 0 && stats.oldestAt !== undefined) {
    const ageSeconds = Math.round((now - Date.parse(stats.oldestAt)) / 1000);
    lines.push(`oldest: ${stats.oldestAt} (${ageSeconds} s ago)`);
    lines.push(`seq range: ${stats.firstPendingSeq}..${stats.lastPendingSeq}`);
  }
  lines.push(`last seq: ${stats.lastSeq}`, `delivered (kept for audit): ${stats.delivered}`);
  return lines.join('\n');
}
