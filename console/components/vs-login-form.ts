/** Sign-in with a manager broker account; shows why a sign-in failed. */
import { localized, msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SignInRequest } from '../controllers/broker-connection-controller.ts';
import './vs-locale-switch.ts';

/**
 * @fires sign-in - CustomEvent<SignInRequest>: the form was submitted.
 */
@localized()
@customElement('vs-login-form')
export class VsLoginForm extends LitElement {
  @property() brokerUrl = '';
  @property() username = '';
  @property() password = '';
  @property({ type: Boolean }) busy = false;
  @property() error?: string;
  @property({ attribute: false }) configProblems: string[] = [];

  static override styles = css`
    :host {
      display: block;
      max-width: 34rem;
      margin: 3rem auto;
      font-size: 1.25rem;
    }
    form {
      display: grid;
      gap: 1rem;
    }
    label {
      display: grid;
      gap: 0.3rem;
      font-weight: 600;
    }
    input,
    button {
      font: inherit;
      padding: 0.5rem 0.75rem;
    }
    button {
      cursor: pointer;
      background: #0b57d0;
      color: #fff;
      border: 0;
      border-radius: 0.4rem;
    }
    button[disabled] {
      opacity: 0.6;
    }
    .heading {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    .error,
    .problems {
      border-left: 6px solid #b3261e;
      background: #fff4f2;
      padding: 0.75rem 1rem;
      margin: 0;
    }
  `;

  override render() {
    return html`<div class="heading">
        <h1>${msg('Fleet console', { id: 'console.title' })}</h1>
        <vs-locale-switch></vs-locale-switch>
      </div>
      ${this.configProblems.length > 0
        ? html`<div class="problems" role="alert">
            <strong>${msg('console-config.json has problems; using defaults:', { id: 'console.login.configProblems' })}</strong>
            <ul>${this.configProblems.map((p) => html`<li>${p}</li>`)}</ul>
          </div>`
        : ''}
      <form @submit=${this.onSubmit}>
        <label>${msg('Broker (WebSocket URL)', { id: 'console.login.broker' })}<input name="url" type="url" required .value=${this.brokerUrl} autocomplete="url" /></label>
        <label>${msg('Manager username', { id: 'console.login.username' })}<input name="username" required .value=${this.username} autocomplete="username" /></label>
        <label>${msg('Password', { id: 'console.login.password' })}<input name="password" type="password" .value=${this.password} autocomplete="current-password" /></label>
        ${this.error ? html`<p class="error" role="alert" data-login-error>${this.error}</p>` : ''}
        <button type="submit" ?disabled=${this.busy}>${this.busy ? msg('Signing in…', { id: 'console.signingIn' }) : msg('Sign in', { id: 'console.signIn' })}</button>
      </form>`;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const detail: SignInRequest = {
      url: String(data.get('url') ?? '').trim(),
      username: String(data.get('username') ?? '').trim(),
      password: String(data.get('password') ?? ''),
    };
    this.dispatchEvent(new CustomEvent<SignInRequest>('sign-in', { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-login-form': VsLoginForm;
  }
}
