/**
 * The manager panel: a PIN pad (the PIN is checked against `managerPinHash`, salted
 * PBKDF2, with a growing delay after wrong PINs), then connection, versions, content
 * age, storage and the last 20 tap outcomes (no uids). A hash the panel cannot use
 * (missing, the unsalted v1 `sha256:` form, or malformed) closes only the panel: it
 * says the PIN must be provisioned again, and the rest of the kiosk keeps working.
 * @fires close - the manager closed the panel
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { PinLockController } from '../controllers/pin-lock-controller.ts';
import type { TapLogEntry } from '../controllers/tap-feedback-controller.ts';
import { pinSetting } from '../data/manager-pin.ts';
import { formatTime } from './format.ts';
import { theme } from './theme.ts';

export interface ManagerFacts {
  connection: string;
  lastMessageAt?: Date;
  appVersion: string;
  serviceWorker: string;
  activitiesUpdatedAt?: string;
  directoryUpdatedAt?: string;
  persisted: boolean;
  storageEstimate?: { usage?: number; quota?: number };
  taps: readonly TapLogEntry[];
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', '⌫'];

function age(at: string | undefined): string {
  if (!at) return '—';
  const minutes = Math.round((Date.now() - Date.parse(at)) / 60_000);
  return `${minutes} min`;
}

@customElement('manager-panel')
@localized()
export class ManagerPanel extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 25;
        background: rgb(0 0 0 / 55%);
        display: grid;
        place-items: center;
      }
      section {
        background: var(--card);
        border-radius: var(--radius);
        padding: 1.5rem 2rem;
        width: min(90vw, 46rem);
        max-height: 90vh;
        overflow-y: auto;
      }
      h2 {
        font-size: 1.8rem;
        margin-bottom: 1rem;
      }
      .pin {
        font-size: 2rem;
        letter-spacing: 0.5rem;
        min-height: 2.6rem;
        text-align: center;
      }
      .pad {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.6rem;
        margin: 1rem 0;
      }
      button {
        min-height: var(--touch-primary);
        border-radius: 0.75rem;
        border: 2px solid var(--primary);
        background: var(--card);
        color: var(--primary);
        font-size: 1.5rem;
        font-weight: 700;
      }
      .primary {
        background: var(--primary);
        color: var(--primary-ink);
      }
      .row {
        display: flex;
        gap: 0.6rem;
        justify-content: flex-end;
      }
      .row button {
        padding: 0 1.5rem;
      }
      .error {
        color: var(--bad);
        font-size: 1.2rem;
      }
      .status {
        font-size: 1.2rem;
      }
      button:disabled {
        opacity: 0.45;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.4rem 1.5rem;
        font-size: 1.15rem;
      }
      dd {
        margin: 0;
        font-family: ui-monospace, monospace;
      }
      ol {
        font-size: 1.1rem;
        columns: 2;
      }
    `,
  ];

  @property() pinHash?: string;
  /** Keys the stored attempt count, like the kiosk's other local storage. */
  @property() storageScope = '/';
  @property({ attribute: false }) facts?: ManagerFacts;
  @state() private unlocked = false;
  @state() private pin = '';
  @state() private wrongPin = false;
  private readonly lock = new PinLockController(this, () => this.storageScope);

  private close() {
    this.dispatchEvent(new Event('close'));
  }

  private press(key: string) {
    this.wrongPin = false;
    if (key === '⌫') this.pin = this.pin.slice(0, -1);
    else if (key && this.pin.length < 12) this.pin += key;
  }

  private async submit() {
    const pin = this.pin;
    this.pin = '';
    this.unlocked = await this.lock.check(pin, this.pinHash);
    this.wrongPin = !this.unlocked;
  }

  /** Why no PIN can open this panel, and what to do about it; undefined when one can. */
  private settingProblem(): string | undefined {
    switch (pinSetting(this.pinHash)) {
      case 'not-configured':
        return msg('No manager PIN is configured.', { id: 'manager.noPin' });
      case 'legacy-sha256':
        return msg('This manager PIN is stored in an old, unsafe format and is no longer accepted. Ask the administrator to set the PIN again (npm run provision -- kiosk-pin). The kiosk itself keeps working.', {
          id: 'manager.legacyPin',
        });
      case 'unusable':
        return msg('This manager PIN setting cannot be used. Ask the administrator to set the PIN again (npm run provision -- kiosk-pin). The kiosk itself keeps working.', { id: 'manager.unusablePin' });
      default:
        return undefined;
    }
  }

  private renderPinMessage(locked: number) {
    if (this.lock.checking) return html`<p class="status" role="status">${msg('Checking…', { id: 'manager.checking' })}</p>`;
    if (locked > 0) {
      return html`<p class="error" role="status" data-countdown=${locked}>
        ${msg(str`Wrong PIN. Try again in ${locked} s.`, { id: 'manager.wrongPinWait' })}
      </p>`;
    }
    return this.wrongPin ? html`<p class="error" role="alert">${msg('Wrong PIN.', { id: 'manager.wrongPin' })}</p>` : nothing;
  }

  private renderPinPad() {
    const problem = this.settingProblem();
    const title = msg('Manager PIN', { id: 'manager.pinTitle' });
    if (problem) {
      return html`<section role="dialog" aria-modal="true" aria-label=${title}>
        <h2>${title}</h2>
        <p class="error" role="alert" data-pin-problem>${problem}</p>
        <div class="row"><button @click=${() => this.close()}>${msg('Cancel', { id: 'manager.cancel' })}</button></div>
      </section>`;
    }
    const locked = this.lock.secondsLeft;
    const busy = locked > 0 || this.lock.checking;
    return html`<section role="dialog" aria-modal="true" aria-label=${title}>
      <h2>${title}</h2>
      <p class="pin" aria-live="polite">${'•'.repeat(this.pin.length)}</p>
      ${this.renderPinMessage(locked)}
      <div class="pad">
        ${KEYS.map((key) =>
          key
            ? html`<button ?disabled=${busy} aria-label=${key === '⌫' ? msg('Delete', { id: 'manager.delete' }) : key} @click=${() => this.press(key)}>${key}</button>`
            : html`<span></span>`,
        )}
      </div>
      <div class="row">
        <button @click=${() => this.close()}>${msg('Cancel', { id: 'manager.cancel' })}</button>
        <button class="primary" ?disabled=${busy || this.pin.length === 0} @click=${() => void this.submit()}>${msg('Open', { id: 'manager.open' })}</button>
      </div>
    </section>`;
  }

  private renderFacts(facts: ManagerFacts) {
    const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 1_048_576).toFixed(1)} MB`);
    return html`<section role="dialog" aria-modal="true" aria-label=${msg('Manager panel', { id: 'manager.title' })}>
      <h2>${msg('Manager panel', { id: 'manager.title' })}</h2>
      <dl>
        <dt>${msg('Broker', { id: 'manager.broker' })}</dt>
        <dd>${facts.connection}</dd>
        <dt>${msg('Last message', { id: 'manager.lastMessage' })}</dt>
        <dd>${facts.lastMessageAt ? formatTime(facts.lastMessageAt) : '—'}</dd>
        <dt>${msg('App version', { id: 'manager.appVersion' })}</dt>
        <dd>${facts.appVersion}</dd>
        <dt>${msg('Service worker', { id: 'manager.sw' })}</dt>
        <dd>${facts.serviceWorker}</dd>
        <dt>${msg('Activities age', { id: 'manager.activitiesAge' })}</dt>
        <dd>${age(facts.activitiesUpdatedAt)}</dd>
        <dt>${msg('Directory age', { id: 'manager.directoryAge' })}</dt>
        <dd>${age(facts.directoryUpdatedAt)}</dd>
        <dt>${msg('Persistent storage', { id: 'manager.persisted' })}</dt>
        <dd>${String(facts.persisted)}</dd>
        <dt>${msg('Storage used', { id: 'manager.storage' })}</dt>
        <dd>${mb(facts.storageEstimate?.usage)} / ${mb(facts.storageEstimate?.quota)}</dd>
      </dl>
      <h2>${msg('Last taps', { id: 'manager.taps' })}</h2>
      <ol>
        ${facts.taps.map((t) => html`<li>${formatTime(t.at)} ${t.outcome}</li>`)}
      </ol>
      <div class="row"><button class="primary" @click=${() => this.close()}>${msg('Close', { id: 'manager.close' })}</button></div>
    </section>`;
  }

  override render() {
    return this.unlocked && this.facts ? this.renderFacts(this.facts) : this.renderPinPad();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-panel': ManagerPanel;
  }
}
