/**
 * What this check-in is for (protocol v2): general service at the station, in the
 * station's category, or one of today's activities there, each with its time and
 * category. Native radio buttons, so it reads and works like any form at 200 % text.
 * @fires activity-choice - the chosen activity id, or undefined for general service
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { SERVICE_CATEGORY_LABELS, type CheckInActivity, type ServiceCategoryId } from '../../shared/index.ts';
import { T, type PhoneLang } from '../data/strings.ts';
import { ActivityChoiceEvent } from './events.ts';
import { theme } from './theme.ts';

@customElement('activity-choice')
export class ActivityChoice extends LitElement {
  static override styles = [
    theme,
    css`
      fieldset {
        border: 1px solid var(--line);
        border-radius: 0.8rem;
        background: var(--card);
        padding: 0.75rem 1rem;
        margin: 0;
        display: grid;
        gap: 0.5rem;
      }
      legend {
        font-weight: 700;
        padding-inline: 0.25rem;
      }
      label {
        display: flex;
        gap: 0.75rem;
        align-items: flex-start;
        min-height: 3rem;
        padding-block: 0.25rem;
        cursor: pointer;
      }
      input {
        width: 1.5rem;
        height: 1.5rem;
        flex: none;
        margin-top: 0.15rem;
      }
      .detail {
        display: block;
        color: var(--ink-soft);
      }
      .hint {
        color: var(--ink-soft);
        margin: 0;
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @property({ attribute: false }) activities: readonly CheckInActivity[] = [];
  @property({ attribute: false }) stationCategory?: ServiceCategoryId;
  /** The chosen activity id; undefined: general service. */
  @property({ attribute: false }) selected?: string;

  private choose(activityId: string | undefined): void {
    this.dispatchEvent(new ActivityChoiceEvent(activityId));
  }

  private option(id: string | undefined, title: string, detail: string | undefined) {
    return html`<label>
      <input type="radio" name="activity" value=${id ?? ''} .checked=${this.selected === id} @change=${() => this.choose(id)} />
      <span>${title}${detail ? html`<span class="detail">${detail}</span>` : nothing}</span>
    </label>`;
  }

  override render() {
    const t = (text: { zh: string; en: string }) => text[this.locale];
    const category = this.stationCategory ? t(SERVICE_CATEGORY_LABELS[this.stationCategory]) : undefined;
    return html`<fieldset>
      <legend>${t(T.checkingInFor)}</legend>
      ${this.option(undefined, t(T.generalService), category)}
      ${this.activities.map((a) => this.option(a.id, t(a.title), `${a.time} · ${t(SERVICE_CATEGORY_LABELS[a.category])}`))}
      <p class="hint">${t(T.checkOutNeedsNoChoice)}</p>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'activity-choice': ActivityChoice;
  }
}
