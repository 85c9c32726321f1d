/** The banner of an `announce` command (protocol v1 §Payloads, Command) or of the site's scheduled announcements (v2). */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { localized as pick } from '../locales/localization.ts';
import { theme } from './theme.ts';

@customElement('announcement-banner')
@localized()
export class AnnouncementBanner extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        background: #fff4cc;
        border-bottom: 4px solid #7a4600;
        padding: 0.9rem 2rem;
        font-size: 1.5rem;
        font-weight: 600;
      }
      strong {
        color: #7a4600;
        margin-right: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) text: { zh: string; en: string } = { zh: '', en: '' };

  override render() {
    return html`<div role="status"><strong>${msg('Notice', { id: 'announce.label' })}</strong>${pick(this.text)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'announcement-banner': AnnouncementBanner;
  }
}
