/**
 * The rotating check-in code (docs/protocol.md §Rotating check-in code), computed on the
 * kiosk from the non-extractable key so it keeps rotating with the network down: a v2
 * code naming this kiosk when the config carried a `kioskKey`, a v1 code with a station `secret`.
 * Re-arms itself at each step boundary; the countdown reads `stepEndsAt`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { checkinStep, checkinToken, checkinUrl, kioskCheckinToken, msUntilNextStep } from '../../shared/index.ts';

export interface CheckinCodeDeps {
  key: CryptoKey;
  stationId: string;
  kioskId: string;
  /** 2: `key` is this kiosk's own key; 1 (default): it is the station secret. */
  codeVersion?: 1 | 2;
  baseUrl: string;
  periodSeconds: number;
  now?: () => number;
}

export class CheckinCodeController implements ReactiveController {
  url?: string;
  step?: number;
  stepEndsAt = 0;
  /** Settles once the first code has been computed (or could not be): the first QR can render. */
  readonly firstCode: Promise<void>;
  private settleFirstCode!: () => void;
  private timer?: ReturnType<typeof setTimeout>;
  private running = false;
  private readonly now: () => number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: CheckinCodeDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.firstCode = new Promise((resolve) => (this.settleFirstCode = resolve));
    host.addController(this);
  }

  hostConnected(): void {
    this.running = true;
    void this.refresh();
  }

  hostDisconnected(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private async refresh(): Promise<void> {
    if (!this.running) return;
    const now = this.now();
    const { key, stationId, kioskId, baseUrl, periodSeconds } = this.deps;
    try {
      const token = this.deps.codeVersion === 2 ? await kioskCheckinToken(key, stationId, kioskId, now, periodSeconds) : await checkinToken(key, stationId, now, periodSeconds);
      this.url = checkinUrl(baseUrl, token);
      this.step = checkinStep(now, periodSeconds);
      this.stepEndsAt = now + msUntilNextStep(now, periodSeconds);
      this.host.requestUpdate();
    } catch (err) {
      console.error('kiosk: could not compute the check-in code', err);
    }
    this.settleFirstCode();
    clearTimeout(this.timer);
    // +20 ms lands safely inside the next step rather than on its edge.
    this.timer = setTimeout(() => void this.refresh(), msUntilNextStep(this.now(), periodSeconds) + 20);
  }
}
