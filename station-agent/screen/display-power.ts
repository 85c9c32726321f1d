/**
 * The physical screen follows the kiosk page's display schedule (docs/deploy.md §Display
 * schedule): off while the page sleeps, on again when it wakes (opening time, or a touch).
 * The page's black "sleeping" screen is the fallback where no command can switch the panel.
 */
import type { Logger } from '../log.ts';
import type { StationDisplay } from './screen-watchdog.ts';

export interface DisplayPowerDeps {
  off(): Promise<void>;
  on(): Promise<void>;
  logger: Logger;
}

export class DisplayPower {
  /** A screen the agent has never switched is taken to be on. */
  private powered = true;
  private failing = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DisplayPowerDeps) {}

  /**
   * Called with every display state the watchdog sees; runs a command only when the panel
   * must change. Frozen and blank leave the panel as it is: the browser is being repaired,
   * and the page's next state decides. A failed command is retried at the next call, and
   * logged once per failure streak.
   */
  follow(state: StationDisplay['state']): Promise<void> {
    if (state !== 'on' && state !== 'sleeping') return this.queue;
    this.queue = this.queue.then(() => this.apply(state === 'on'));
    return this.queue;
  }

  private async apply(wantOn: boolean): Promise<void> {
    if (wantOn === this.powered) return;
    try {
      await (wantOn ? this.deps.on() : this.deps.off());
      this.powered = wantOn;
      this.failing = false;
      this.deps.logger.info({ screen: wantOn ? 'on' : 'off' }, wantOn ? 'turned the screen on' : 'turned the screen off for the night');
    } catch (err) {
      if (!this.failing) this.deps.logger.error({ err }, `could not turn the screen ${wantOn ? 'on' : 'off'}; the kiosk page shows its black sleeping screen meanwhile`);
      this.failing = true;
    }
  }
}
