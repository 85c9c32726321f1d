/** What both stores say about a volunteer import row they refuse (sqlite-volunteers.ts, pg/pg-volunteers.ts). */

/** Names the card by its last four characters only: card uids are never shown in full. */
export function cardConflictMessage(uid: string, ownerVolunteerId: string): string {
  return `card …${uid.slice(-4)} already belongs to volunteer ${ownerVolunteerId}`;
}
