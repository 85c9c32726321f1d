/**
 * The star perks (protocol v2 `R/perks`, served by central at `/phone/api/perks`): each
 * partner's offer with its lowest star, as ★ symbols and in words. Perks past their
 * validity are not shown.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { perkIsCurrent, starSymbols, type LocalizedText, type Perk, type Perks } from '../../shared/index.ts';
import type { PhoneLang } from '../data/strings.ts';
import { theme } from './theme.ts';

const S = {
  heading: { zh: '星级志愿者优待', en: 'Star perks' },
  none: { zh: '暂无优待信息。', en: 'No perks yet.' },
  until: { zh: '有效期至', en: 'Valid until' },
} satisfies Record<string, LocalizedText>;

const minStarText = (stars: number): LocalizedText => ({ zh: `${stars} 星及以上`, en: `${stars}-star and above` });

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export async function fetchPerks(): Promise<Perk[] | undefined> {
  try {
    const response = await fetch('/phone/api/perks', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { perks: Perks | null };
    return body.perks?.items ?? [];
  } catch {
    return undefined;
  }
}

@customElement('perks-list')
export class PerksList extends LitElement {
  static override styles = [
    theme,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        border-top: 1px solid var(--line);
        padding-top: 0.5rem;
      }
      .stars {
        font-weight: 700;
      }
      .partner {
        font-size: 1.15rem;
        font-weight: 700;
        margin: 0;
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  /** Set by tests; otherwise fetched on connect. */
  @property({ attribute: false }) perks?: Perk[];

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.perks) return;
    void fetchPerks().then((perks) => {
      this.perks = perks ?? [];
    });
  }

  override render() {
    const t = (text: LocalizedText) => text[this.locale];
    const date = today();
    const shown = (this.perks ?? []).filter((p) => perkIsCurrent(p, date)).sort((a, b) => a.minStar - b.minStar);
    return html`<section class="card" aria-labelledby="perks-title">
      <h2 id="perks-title">${t(S.heading)}</h2>
      ${this.perks !== undefined && shown.length === 0 ? html`<p>${t(S.none)}</p>` : nothing}
      <ul>
        ${shown.map(
          (p) => html`<li>
            <p class="stars"><span aria-hidden="true">${starSymbols(p.minStar)}</span> ${t(minStarText(p.minStar))}</p>
            <p class="partner">${p.partner[this.locale]}</p>
            <p>${p.offer[this.locale]}</p>
            ${p.validUntil ? html`<p>${t(S.until)} ${p.validUntil}</p>` : nothing}
          </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'perks-list': PerksList;
  }
}
