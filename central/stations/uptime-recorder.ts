/**
 * Records each station's and kiosk's uptime state (shared/uptime/uptime-state.ts) in the
 * store whenever it changes (issue 14, uptime history). It follows the same board as the
 * alert evaluator and the same rules: `offline` is what the status says — the broker's Last
 * Will or the device's own goodbye — from its `at` (the Last Will has none: when central
 * received it; never later than that, whatever the device's clock says). The evaluator's `offlineAfterSeconds` only delays telling people; a reboot
 * of 30 s is still 30 s of downtime here. Only the replica holding the jobs lease records;
 * the store appends a row only on a change, so a retained status seen again after a
 * restart, or a lease changing hands, adds nothing.
 */
import { uptimeStateOfKiosk, uptimeStateOfStation, type StationsFile, type UptimeState } from '../../shared/index.ts';
import type { CentralLogger } from '../observability/logger.ts';
import type { UptimeStore, UptimeTransition } from '../store/uptime-store.ts';
import type { StationStatusBoard } from './station-status-board.ts';
import { SerialPass } from '../jobs/serial-pass.ts';

export interface UptimeRecorderDeps {
  board: StationStatusBoard;
  stations: StationsFile;
  uptime: UptimeStore;
  log: CentralLogger;
  leader?: { holds(): boolean };
}

export class UptimeRecorder {
  /** `kind id` -> the state last recorded (or found recorded) by this process. */
  private recorded = new Map<string, UptimeState>();
  private readonly pass: SerialPass;
  private started = false;

  constructor(private readonly deps: UptimeRecorderDeps) {
    this.pass = new SerialPass(() => this.recordChanges(), (err) => {
      // The cache keeps only what was stored, so the next status retries the rest.
      this.deps.log.error({ err }, 'uptime transitions not recorded; will retry on the next status');
    });
  }

  start(): void {
    this.started = true;
    this.deps.board.onStatus(() => void this.runOnce());
    void this.runOnce();
  }

  /** Passes run one after another; statuses arriving during one make one more. */
  runOnce(): Promise<void> {
    return this.started ? this.pass.run() : this.pass.settled;
  }

  private async recordChanges(): Promise<void> {
    const { uptime, log, leader } = this.deps;
    if (leader && !leader.holds()) {
      // Another replica records; on taking over, the store says what is already there.
      this.recorded.clear();
      return;
    }
    for (const transition of this.currentStates()) {
      const key = `${transition.deviceKind} ${transition.deviceId}`;
      if (this.recorded.get(key) === transition.state) continue;
      if (await uptime.recordTransition(transition)) {
        log.info({ [transition.deviceKind === 'station' ? 'stationId' : 'kioskId']: transition.deviceId, siteId: transition.siteId, state: transition.state }, 'uptime state changed');
      }
      this.recorded.set(key, transition.state);
    }
  }

  /** Every registered device's state by its last status; unregistered ones have no site. */
  private currentStates(): UptimeTransition[] {
    const { board, stations } = this.deps;
    const states: UptimeTransition[] = [];
    // A device clock ahead of central's would put the change in the future and hold every later one there.
    const atOf = (seen: { status: { at?: string }; receivedAt: string }) => Math.min(Date.parse(seen.status.at ?? seen.receivedAt), Date.parse(seen.receivedAt));
    for (const [stationId, seen] of board.stations) {
      const entry = stations[stationId];
      if (entry) states.push({ deviceKind: 'station', deviceId: stationId, siteId: entry.siteId, state: uptimeStateOfStation(seen.status), atMs: atOf(seen) });
    }
    for (const [kioskId, seen] of board.kiosks) {
      const stationId = board.stationOfKiosk.get(kioskId);
      const entry = stationId === undefined ? undefined : stations[stationId];
      if (entry) states.push({ deviceKind: 'kiosk', deviceId: kioskId, siteId: entry.siteId, state: uptimeStateOfKiosk(seen.status), atMs: atOf(seen) });
    }
    return states;
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.pass.settled;
  }
}
