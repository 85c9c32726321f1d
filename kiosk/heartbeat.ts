/**
 * The page's own sign of life for the station agent's screen watchdog (docs/deploy.md
 * §Screen watchdog): `window.__vsHeartbeat` counts batches of animation frames. A
 * renderer that is stuck in script, or no longer paints, stops counting, while a CDP
 * evaluate may still answer from a half-alive page.
 */
declare global {
  interface Window {
    __vsHeartbeat?: number;
    /** The display schedule's state (display-schedule-controller.ts): a sleeping screen is black by design. */
    __vsDisplay?: 'on' | 'sleeping';
    /** Something personal is on screen (a tap's result, a pairing or desk prompt, the manager panel): no screenshot of it. */
    __vsPrivate?: boolean;
  }
}

/** One bump per this many frames: about four a second at 60 Hz, and no work in between. */
const FRAMES_PER_BEAT = 15;

export function startHeartbeat(target: Window = window): void {
  let frames = 0;
  target.__vsHeartbeat = 0;
  const onFrame = () => {
    frames += 1;
    if (frames % FRAMES_PER_BEAT === 0) target.__vsHeartbeat = (target.__vsHeartbeat ?? 0) + 1;
    target.requestAnimationFrame(onFrame);
  };
  target.requestAnimationFrame(onFrame);
}
