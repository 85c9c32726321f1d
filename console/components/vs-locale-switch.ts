/** The 中文 / EN switch: re-renders the console in the other language without a reload. */
import { localized, msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { getLocale, switchConsoleLocale, type ConsoleLocale } from '../locales/localization.ts';

/** Each language is labelled in itself, so a manager who cannot read the current one still finds theirs. */
const CHOICES: { locale: ConsoleLocale; label: string; lang: string }[] = [
  { locale: 'zh-CN', label: '中文', lang: 'zh-CN' },
  { locale: 'en', label: 'EN', lang: 'en' },
];

@localized()
@customElement('vs-locale-switch')
export class VsLocaleSwitch extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      gap: 0.25rem;
    }
    button {
      font: inherit;
      padding: 0.2rem 0.6rem;
      cursor: pointer;
      border: 1px solid #5f6672;
      border-radius: 0.3rem;
      background: #fff;
      color: #1b1f24;
    }
    button[aria-pressed='true'] {
      background: #0b57d0;
      border-color: #0b57d0;
      color: #fff;
      font-weight: 700;
    }
  `;

  override render() {
    const current = getLocale();
    return html`<span role="group" aria-label=${msg('Language', { id: 'console.language' })}>
      ${CHOICES.map(
        (choice) =>
          html`<button type="button" lang=${choice.lang} data-locale-switch=${choice.locale} aria-pressed=${current === choice.locale ? 'true' : 'false'} @click=${() => void switchConsoleLocale(choice.locale)}>
            ${choice.label}
          </button>`,
      )}
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-locale-switch': VsLocaleSwitch;
  }
}
