/**
 * The full-screen configuration error: shown in both languages at once (the config
 * that names the language is what failed), with the reason and what to do next.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from './theme.ts';

export type ConfigProblem = 'missing' | 'invalid' | 'unreachable';

const HEADLINES: Record<ConfigProblem, { zh: string; en: string }> = {
  missing: { zh: '找不到配置文件 kiosk-config.json', en: 'The configuration file kiosk-config.json was not found' },
  invalid: { zh: '配置文件 kiosk-config.json 有错误', en: 'The configuration file kiosk-config.json has errors' },
  unreachable: { zh: '无法读取配置文件，且本机没有保存的配置', en: 'The configuration could not be loaded and no saved copy exists' },
};

@customElement('config-error-screen')
export class ConfigErrorScreen extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        min-height: 100vh;
        box-sizing: border-box;
        padding: 3rem;
        background: var(--paper);
      }
      main {
        max-width: 60rem;
        margin: 0 auto;
        background: var(--card);
        border-top: 0.75rem solid var(--bad);
        border-radius: var(--radius);
        padding: 2rem 2.5rem;
      }
      h1 {
        font-size: 2.2rem;
        color: var(--bad);
      }
      h1 span {
        display: block;
        font-size: 1.6rem;
        color: var(--ink);
        margin-top: 0.4rem;
      }
      h2 {
        font-size: 1.3rem;
        margin-top: 1.5rem;
      }
      ul {
        font-family: ui-monospace, monospace;
        font-size: 1.1rem;
        background: #f1ede4;
        padding: 1rem 1rem 1rem 2rem;
        border-radius: 0.5rem;
        overflow-wrap: anywhere;
      }
      p {
        font-size: 1.3rem;
        margin-top: 0.75rem;
      }
    `,
  ];

  @property() problem: ConfigProblem = 'invalid';
  @property({ attribute: false }) details: readonly string[] = [];

  override render() {
    const headline = HEADLINES[this.problem];
    return html`<main role="alert">
      <h1 lang="zh-CN">${headline.zh}<span lang="en">${headline.en}</span></h1>
      <h2><span lang="zh-CN">原因</span> / <span lang="en">Reason</span></h2>
      <ul>
        ${this.details.map((line) => html`<li>${line}</li>`)}
      </ul>
      <p lang="zh-CN">请联系站点管理员，检查本机的 kiosk-config.json 后刷新页面。</p>
      <p lang="en">Please ask the station administrator to check kiosk-config.json on this device, then reload the page.</p>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'config-error-screen': ConfigErrorScreen;
  }
}
