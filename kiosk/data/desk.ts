/**
 * Protocol v2 §Time bank: the rewards shop, the kiosk's side of the card-only desk: the
 * confirm prompt central sends after staff pick an item (`R/stations/{stationId}/desk`)
 * and the card holder's answer (`R/stations/{stationId}/desk-answers`).
 */
import { DeskAnswerSchema, validate, type DeskAnswer, type Topics } from '../../shared/index.ts';

export function deskAnswerTopic(topics: Topics, stationId: string): string {
  return topics.station(stationId, 'desk-answers');
}

export function deskAnswer(checkinId: string, kioskId: string, confirmed: boolean, now: Date): DeskAnswer {
  const answer = { v: 2 as const, checkinId, kioskId, confirmed, at: now.toISOString() };
  const checked = validate(DeskAnswerSchema, answer);
  if (!checked.ok) throw new Error(`kiosk built an invalid DeskAnswer: ${checked.issues.join('; ')}`);
  return checked.value;
}
