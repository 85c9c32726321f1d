/**
 * Loss detection on a station's `seq` (protocol v1 §Payloads: 1 for the first check-in,
 * +1 for every one after). A seq past the highest seen + 1 opens a gap; a late seq that
 * falls inside a known gap fills it (splitting it when it lands in the middle).
 */

export interface SeqRange {
  fromSeq: number;
  toSeq: number;
}

/** The missing range a new highest seq reveals, if any (`maxSeq` 0 = never seen). */
export function gapBefore(maxSeq: number, seq: number): SeqRange | undefined {
  return seq > maxSeq + 1 ? { fromSeq: maxSeq + 1, toSeq: seq - 1 } : undefined;
}

/** What remains of a gap once `seq` arrived: zero, one or two ranges. */
export function fillGap(gap: SeqRange, seq: number): SeqRange[] {
  if (seq < gap.fromSeq || seq > gap.toSeq) return [gap];
  const remaining: SeqRange[] = [];
  if (seq > gap.fromSeq) remaining.push({ fromSeq: gap.fromSeq, toSeq: seq - 1 });
  if (seq < gap.toSeq) remaining.push({ fromSeq: seq + 1, toSeq: gap.toSeq });
  return remaining;
}
