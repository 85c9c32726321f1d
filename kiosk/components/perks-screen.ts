/**
 * Star perks (protocol v2 `R/perks`): the partners' discounts for star volunteers,
 * lowest star first. The minimum star is shown as ★ symbols and in words, never by
 * colour or symbols alone. No personal data: this is a public screen.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { perkIsCurrent, starSymbols, type Perk } from '../../shared/index.ts';
import { localized as pick } from '../locales/localization.ts';
import { theme } from './theme.ts';
import { listStyles } from './list-styles.ts';

function localDate(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

@customElement('perks-screen')
@localized()
export class PerksScreen extends LitElement {
  static override styles = [
    theme,
    listStyles,
    css`
      .intro {
        font-size: 1.4rem;
        margin: 0 0 1rem;
      }
      .perk {
        display: grid;
        gap: 0.4rem;
        padding: 1rem 1.25rem;
        border: 2px solid var(--line, #8a8478);
        border-radius: 0.8rem;
        background: var(--card, #fff);
        font-size: 1.4rem;
      }
      .stars {
        font-size: 1.6rem;
        font-weight: 700;
      }
      .stars .symbols {
        letter-spacing: 0.1em;
      }
      .partner {
        font-size: 1.8rem;
        font-weight: 700;
        margin: 0;
      }
      .offer {
        margin: 0;
      }
      .meta {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) perks: readonly Perk[] = [];
  @property({ attribute: false }) now = new Date();

  override render() {
    const today = localDate(this.now);
    const shown = this.perks.filter((p) => perkIsCurrent(p, today)).sort((a, b) => a.minStar - b.minStar || a.id.localeCompare(b.id));
    return html`
      <h1>${msg('Star perks', { id: 'nav.perks' })}</h1>
      <p class="intro">${msg('Star volunteers get these offers from our partners: show your volunteer card or the star on your phone.', { id: 'perks.intro' })}</p>
      ${shown.length === 0 ? html`<p class="empty">${msg('No perks to show.', { id: 'perks.none' })}</p>` : nothing}
      <ul class="list">
        ${shown.map(
          (p) => html`<li class="perk" data-perk=${p.id}>
            <p class="stars">
              <span class="symbols" aria-hidden="true">${starSymbols(p.minStar)}</span>
              <span>${msg(str`${p.minStar}-star and above`, { id: 'perks.minStar' })}</span>
            </p>
            <h2 class="partner">${pick(p.partner)}</h2>
            <p class="offer">${pick(p.offer)}</p>
            ${p.howToClaim ? html`<p class="meta">${msg('How to use it', { id: 'perks.howToClaim' })}: ${pick(p.howToClaim)}</p>` : nothing}
            ${p.validUntil ? html`<p class="meta">${msg(str`Valid until ${p.validUntil}`, { id: 'perks.validUntil' })}</p>` : nothing}
          </li>`,
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'perks-screen': PerksScreen;
  }
}
