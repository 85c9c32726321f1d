/**
 * The one owner of this phone's state (STYLE.md: data -> controllers -> components):
 * what the phone is linked to, a pairing in progress (polled every 2 s while it waits),
 * the last check-in answer, and the actions the screens offer. Components get this
 * state as properties and send actions back as events.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalizedText, PairingView, PhoneStateReply } from '../../shared/index.ts';
import type { PhoneApi, Refused } from '../data/phone-api.ts';
import type { createPasskey, usePasskey } from '../data/passkeys.ts';
import type { Visit } from '../data/visit.ts';
import { T } from '../data/strings.ts';

export const PAIRING_POLL_MS = 2_000;

export interface Notice {
  tone: 'ok' | 'warn' | 'error';
  message: LocalizedText;
}

export interface PasskeyPort {
  canMakePasskey(): Promise<boolean>;
  createPasskey: typeof createPasskey;
  usePasskey: typeof usePasskey;
}

export class PhoneSessionController implements ReactiveController {
  me?: PhoneStateReply;
  pairing?: PairingView;
  notice?: Notice;
  busy = false;
  /** This browser can make a passkey and central offers them. */
  passkeyPossible = false;
  /** The activity chosen on the check-in page; undefined: general service at the station. */
  activityId?: string;
  private pollTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { api: PhoneApi; visit?: Visit; passkeys: PasskeyPort },
  ) {
    host.addController(this);
  }

  get visit(): Visit | undefined {
    return this.deps.visit;
  }

  hostConnected(): void {
    void this.refresh();
  }

  hostDisconnected(): void {
    clearTimeout(this.pollTimer);
  }

  private update(): void {
    this.host.requestUpdate();
  }

  private refused(answer: Refused): void {
    this.notice = { tone: 'error', message: answer.message };
  }

  async refresh(): Promise<void> {
    const me = await this.deps.api.me();
    if (!me.ok) {
      this.refused(me);
      this.update();
      return;
    }
    this.me = me;
    if (!me.linked) this.showPairing(me.pairing);
    else this.pairing = undefined;
    this.passkeyPossible = me.passkeys && (await this.deps.passkeys.canMakePasskey());
    this.update();
  }

  private showPairing(pairing: PairingView | undefined): void {
    this.pairing = pairing;
    clearTimeout(this.pollTimer);
    if (pairing && (pairing.phase === 'awaiting-tap' || pairing.phase === 'awaiting-confirm')) {
      this.pollTimer = setTimeout(() => void this.poll(), PAIRING_POLL_MS);
    }
  }

  private async poll(): Promise<void> {
    const answer = await this.deps.api.pairing();
    if (answer.ok) {
      this.showPairing(answer.pairing);
      if (answer.pairing.phase === 'linked') {
        this.notice = { tone: 'ok', message: answer.message };
        await this.refresh();
        return;
      }
      if (answer.pairing.phase !== 'awaiting-tap' && answer.pairing.phase !== 'awaiting-confirm') this.notice = { tone: 'warn', message: answer.message };
    } else {
      this.pollTimer = setTimeout(() => void this.poll(), PAIRING_POLL_MS);
    }
    this.update();
  }

  private async run(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.notice = undefined;
    this.update();
    try {
      await action();
    } finally {
      this.busy = false;
      this.update();
    }
  }

  chooseActivity(activityId: string | undefined): void {
    this.activityId = activityId;
    this.update();
  }

  checkIn(): Promise<void> {
    return this.run(async () => {
      const visit = this.deps.visit;
      if (!visit || !this.me?.linked) return;
      let assertion;
      if (this.me.credential === 'passkey') {
        const options = await this.deps.api.passkeyCheckinOptions(visit);
        if (!options.ok) return this.refused(options);
        const used = await this.deps.passkeys.usePasskey(options.options);
        if (!used.ok) {
          this.notice = { tone: 'warn', message: T.passkeyCheckinCancelled };
          return;
        }
        assertion = used.value;
      }
      const answer = await this.deps.api.checkIn(visit, assertion, this.activityId);
      if (!answer.ok) return this.refused(answer);
      this.notice = { tone: answer.checkin.status === 'accepted' ? 'ok' : 'warn', message: answer.message };
    });
  }

  startPairing(volunteer: string): Promise<void> {
    return this.run(async () => {
      const visit = this.deps.visit;
      if (!visit) return;
      const answer = await this.deps.api.startPairing(visit, volunteer);
      if (!answer.ok) return this.refused(answer);
      this.notice = { tone: 'ok', message: answer.message };
      this.showPairing(answer.pairing);
    });
  }

  cancelPairing(): Promise<void> {
    return this.run(async () => {
      const answer = await this.deps.api.cancelPairing();
      if (!answer.ok) return this.refused(answer);
      this.showPairing(undefined);
    });
  }

  addPasskey(): Promise<void> {
    return this.run(async () => {
      const options = await this.deps.api.passkeyOptions();
      if (!options.ok) return this.refused(options);
      const made = await this.deps.passkeys.createPasskey(options.options);
      if (!made.ok) {
        this.notice = { tone: 'warn', message: T.passkeyCancelled };
        return;
      }
      const added = await this.deps.api.addPasskey(made.value);
      if (!added.ok) return this.refused(added);
      await this.refresh();
      this.notice = { tone: 'ok', message: T.passkeyAdded };
    });
  }

  unlink(): Promise<void> {
    return this.run(async () => {
      const answer = await this.deps.api.unlink();
      if (!answer.ok) return this.refused(answer);
      await this.refresh();
      this.notice = { tone: 'ok', message: answer.message };
    });
  }
}
