/**
 * What points buy at this site (爱心超市, protocol v2 RewardsView): each item with its
 * price and availability as an icon plus words, never colour alone. The view is the
 * last one received (cached like activities), so the screen works offline. No personal
 * data: the view carries none.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { RewardAvailability, RewardsViewItem } from '../../shared/index.ts';
import { localized as pick } from '../locales/localization.ts';
import { theme } from './theme.ts';
import { listStyles } from './list-styles.ts';

function availabilityText(availability: RewardAvailability): { icon: string; text: string } {
  switch (availability) {
    case 'available':
      return { icon: '✓', text: msg('Available', { id: 'rewards.available' }) };
    case 'few-left':
      return { icon: '!', text: msg('Few left', { id: 'rewards.fewLeft' }) };
    case 'out':
      return { icon: '✕', text: msg('Out of stock', { id: 'rewards.out' }) };
  }
}

@customElement('rewards-screen')
@localized()
export class RewardsScreen extends LitElement {
  static override styles = [
    theme,
    listStyles,
    css`
      .reward {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.25rem 1rem;
        align-items: baseline;
      }
      .price {
        font-weight: 700;
        font-size: 1.3em;
      }
      .availability {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        font-weight: 600;
      }
      .icon {
        display: inline-grid;
        place-items: center;
        width: 1.5em;
        height: 1.5em;
        border: 2px solid currentColor;
        border-radius: 50%;
        font-size: 0.9em;
      }
      .availability.out {
        text-decoration: line-through;
      }
      .how {
        font-size: 1.1em;
      }
    `,
  ];

  @property({ attribute: false }) items: readonly RewardsViewItem[] = [];

  override render() {
    return html`
      <h1>${msg('Rewards', { id: 'nav.rewards' })}</h1>
      <p class="how">${msg('Points from your service buy these at this site. Reserve on your linked phone, or ask the staff at the desk with your card.', { id: 'rewards.how' })}</p>
      ${this.items.length === 0 ? html`<p class="empty">${msg('No rewards are offered here yet.', { id: 'rewards.none' })}</p>` : nothing}
      <ul class="list">
        ${this.items.map((item) => {
          const { icon, text } = availabilityText(item.availability);
          return html`<li>
            <div class="item reward">
              <span class="title">${pick(item.name)}</span>
              <span class="price">${msg(str`${item.price} points`, { id: 'rewards.price' })}</span>
              <span class="meta availability ${item.availability}"><span class="icon" aria-hidden="true">${icon}</span>${text}</span>
              ${item.monthlyLimit !== undefined ? html`<span class="meta">${msg(str`At most ${item.monthlyLimit} a month`, { id: 'rewards.limit' })}</span>` : nothing}
            </div>
          </li>`;
        })}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rewards-screen': RewardsScreen;
  }
}
