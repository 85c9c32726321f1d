/** Ticks its host once a second: the header clock and the QR countdown. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ClockController implements ReactiveController {
  now = new Date();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.tick();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  private tick = (): void => {
    this.now = new Date();
    this.host.requestUpdate();
    // Align to the next whole second so the countdown never skips a number.
    this.timer = setTimeout(this.tick, 1000 - (this.now.getTime() % 1000) + 5);
  };
}
