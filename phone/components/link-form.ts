/**
 * "Link this phone": why linking is needed, the volunteer number, and the reminder that
 * the card alone always works.
 * @fires link-request - with the typed number
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { T, type PhoneLang } from '../data/strings.ts';
import { LinkRequestEvent } from './events.ts';
import { theme } from './theme.ts';

@customElement('link-form')
export class LinkForm extends LitElement {
  static override styles = [
    theme,
    css`
      label {
        font-weight: 700;
      }
      input {
        font: inherit;
        font-size: 1.3rem;
        width: 100%;
        box-sizing: border-box;
        padding: 0.6rem;
        border: 2px solid var(--line);
        border-radius: 0.5rem;
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  @property({ type: Boolean }) busy = false;

  private submit(event: Event): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input');
    const volunteer = input?.value.trim() ?? '';
    if (volunteer === '') {
      input?.focus();
      return;
    }
    this.dispatchEvent(new LinkRequestEvent(volunteer));
  }

  override render() {
    const t = (text: { zh: string; en: string }) => text[this.locale];
    return html`<form class="card" @submit=${(e: Event) => this.submit(e)}>
      <h2>${t(T.notLinkedTitle)}</h2>
      <p>${t(T.notLinkedExplain)}</p>
      <label for="volunteer">${t(T.volunteerNumber)}</label>
      <input id="volunteer" name="volunteer" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="64" required />
      <button class="primary" type="submit" ?disabled=${this.busy}>${t(T.linkThisPhone)}</button>
      <p>${t(T.cardStillWorks)}</p>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'link-form': LinkForm;
  }
}
