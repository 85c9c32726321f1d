/**
 * Protocol v2 §Linking a phone, the kiosk's side: the prompts central sends after a card
 * tap (`R/stations/{stationId}/pairing`) and the answer the kiosk sends back
 * (`R/stations/{stationId}/pairing-answers`) with the code the card holder touched.
 */
import { PairingAnswerSchema, validate, type PairingAnswer, type Topics } from '../../shared/index.ts';

export function pairingPromptTopic(topics: Topics, stationId: string): string {
  return topics.station(stationId, 'pairing');
}

export function pairingAnswerTopic(topics: Topics, stationId: string): string {
  return topics.station(stationId, 'pairing-answers');
}

/** `choice` null: "this is not me". */
export function pairingAnswer(checkinId: string, kioskId: string, choice: string | null, now: Date): PairingAnswer {
  const answer = { v: 2 as const, checkinId, kioskId, choice, at: now.toISOString() };
  const checked = validate(PairingAnswerSchema, answer);
  if (!checked.ok) throw new Error(`kiosk built an invalid PairingAnswer: ${checked.issues.join('; ')}`);
  return checked.value;
}
