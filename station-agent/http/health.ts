/**
 * `/healthz`: healthy while the reader loop and MQTT are up, or have been down for
 * less than a grace period (a broker restart or a replug is not yet a failure).
 */
export interface HealthInputs {
  readerConnected: boolean;
  mqttConnected: boolean;
}

export class HealthTracker {
  private readerDownSince: number | null;
  private mqttDownSince: number | null;

  constructor(
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // Starting up counts as "down since start": healthy for one grace period.
    this.readerDownSince = now();
    this.mqttDownSince = now();
  }

  /** An input left out keeps its last value, so each side reports only its own changes. */
  update({ readerConnected, mqttConnected }: Partial<HealthInputs>): void {
    const now = this.now();
    if (readerConnected !== undefined) this.readerDownSince = readerConnected ? null : (this.readerDownSince ?? now);
    if (mqttConnected !== undefined) this.mqttDownSince = mqttConnected ? null : (this.mqttDownSince ?? now);
  }

  report(): { healthy: boolean; reader: string; mqtt: string } {
    const describe = (since: number | null) => (since === null ? 'up' : this.now() - since < this.graceMs ? 'down (within grace)' : 'down');
    const reader = describe(this.readerDownSince);
    const mqtt = describe(this.mqttDownSince);
    return { healthy: reader !== 'down' && mqtt !== 'down', reader, mqtt };
  }
}
