/**
 * A short, distinct tone per outcome (WebAudio), so colour is never the only signal.
 * Rising = success, two equal beeps = already done, low falling = problem.
 */
import type { TapOutcome } from '../controllers/tap-feedback-controller.ts';

type Note = [frequencyHz: number, durationS: number];

const TONES: Record<TapOutcome, Note[]> = {
  'accepted-in': [[660, 0.12], [880, 0.18]],
  'accepted-out': [[880, 0.12], [660, 0.18]],
  duplicate: [[740, 0.1], [740, 0.1]],
  rejected: [[330, 0.18], [247, 0.3]],
  saved: [[523, 0.2]],
};

let context: AudioContext | undefined;

export function playTone(outcome: TapOutcome): void {
  try {
    context ??= new AudioContext();
    // Autoplay policy may keep the context suspended until the first touch; then it stays silent.
    void context.resume().catch(() => undefined);
    let start = context.currentTime;
    for (const [frequency, duration] of TONES[outcome]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, start);
      gain.gain.exponentialRampToValueAtTime(0.001, start + duration);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + duration);
      start += duration + 0.04;
    }
  } catch (err) {
    console.warn('kiosk: tone failed', err);
  }
}

/**
 * Plays the tone once the overlay it goes with has been painted. Setting up the audio
 * graph takes a few milliseconds (tens at 4x CPU, more for the first AudioContext); in
 * the same task as the Result it held back the overlay's frame (bench:kiosk, tap part).
 */
export function playToneAfterPaint(outcome: TapOutcome): void {
  const play = () => setTimeout(() => playTone(outcome), 0);
  // A hidden page gets no animation frames, and nobody sees an overlay there anyway.
  if (document.hidden) play();
  else requestAnimationFrame(play);
}
