/** Typed events the phone's components send up to the app. */
export type PhoneAction = 'check-in' | 'cancel-pairing' | 'add-passkey' | 'unlink' | 'start-again';

export class PhoneActionEvent extends Event {
  constructor(
    readonly action: PhoneAction,
    readonly volunteer?: string,
  ) {
    super('phone-action', { bubbles: true, composed: true });
  }
}

export class LinkRequestEvent extends Event {
  constructor(readonly volunteer: string) {
    super('link-request', { bubbles: true, composed: true });
  }
}

/** The activity chosen on the check-in page; undefined: general service at the station. */
export class ActivityChoiceEvent extends Event {
  constructor(readonly activityId: string | undefined) {
    super('activity-choice', { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'phone-action': PhoneActionEvent;
    'link-request': LinkRequestEvent;
    'activity-choice': ActivityChoiceEvent;
  }
}
