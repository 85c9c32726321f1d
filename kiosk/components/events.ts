/** Typed events the screens fire towards the app shell. */
export type KioskScreen = 'home' | 'activities' | 'stations' | 'perks' | 'rewards';

export class NavigateEvent extends Event {
  static readonly eventName = 'navigate';
  constructor(readonly screen: KioskScreen) {
    super(NavigateEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    navigate: NavigateEvent;
  }
}
