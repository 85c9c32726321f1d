/**
 * A volunteer's corrections, for a linked phone (issue 12 §Volunteer requests): the
 * requests already sent with their outcomes (waiting, credited with the minutes and
 * points now on the record, or declined with the reason), and a form to ask for one:
 * a check-out that was missed, a wrong end time, or a session never recorded.
 * Self-contained (it loads its own data), so the passbook ("My record") embeds it as
 * `<correction-panel .locale=${lang}></correction-panel>`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CorrectionKind, CorrectionView, LocalizedText } from '../../shared/index.ts';
import { correctionApi, type CorrectionApi, type CorrectionsReply } from '../data/correction-api.ts';
import type { PhoneLang } from '../data/strings.ts';
import { theme } from './theme.ts';

const S = {
  title: { zh: '更正申请', en: 'Corrections' },
  intro: { zh: '服务记录有误？可以申请更正，站点工作人员会审核。', en: 'Is a record wrong? Ask for a correction; the site staff will review it.' },
  none: { zh: '还没有更正申请。', en: 'No correction requests yet.' },
  ask: { zh: '申请更正', en: 'Ask for a correction' },
  kind: { zh: '哪里不对？', en: 'What is wrong?' },
  session: { zh: '哪次服务', en: 'Which session' },
  station: { zh: '服务站点', en: 'Station' },
  start: { zh: '开始时间', en: 'Start time' },
  end: { zh: '实际结束时间', en: 'Real end time' },
  note: { zh: '说明（可不填）', en: 'Note (optional)' },
  send: { zh: '提交申请', en: 'Send request' },
  sending: { zh: '正在提交…', en: 'Sending…' },
  chooseSession: { zh: '请选择一次服务。', en: 'Choose a session.' },
  fillTimes: { zh: '请填写时间。', en: 'Enter the times.' },
  noSessions: { zh: '最近 30 天没有可更正的服务记录。', en: 'No sessions in the last 30 days to correct.' },
  waiting: { zh: '等待审核', en: 'Waiting for review' },
  credited: { zh: '已计入', en: 'Credited' },
  declined: { zh: '未计入', en: 'Not credited' },
  minutesPoints: { zh: (m: number, p: number) => `${m} 分钟，${p} 积分`, en: (m: number, p: number) => `${m} min, ${p} points` },
  reason: { zh: '理由', en: 'Reason' },
  heldForReview: { zh: '（等待审核）', en: ' (waiting for review)' },
} as const;

const KINDS: Record<CorrectionKind, LocalizedText> = {
  'missing-checkout': { zh: '我忘了签退', en: 'I forgot to check out' },
  'wrong-end-time': { zh: '结束时间不对', en: 'The end time is wrong' },
  'missing-session': { zh: '服务没有记录（如忘带卡）', en: 'A session was not recorded (e.g. no card)' },
};

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' }) : '—');

function localInputToIso(value: string): string | undefined {
  const ms = new Date(value).getTime();
  return value && !Number.isNaN(ms) ? new Date(ms).toISOString() : undefined;
}

@customElement('correction-panel')
export class CorrectionPanel extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        border-left: 0.4rem solid var(--line);
        padding: 0.4rem 0.75rem;
        background: var(--paper);
      }
      li.credited {
        border-color: var(--ok);
      }
      li.declined {
        border-color: var(--bad);
      }
      .state {
        font-weight: 700;
      }
      form {
        display: grid;
        gap: 0.75rem;
      }
      fieldset {
        border: 1px solid var(--line);
        border-radius: 0.6rem;
        display: grid;
        gap: 0.5rem;
      }
      fieldset label {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        min-height: 3rem;
      }
      label.field {
        display: grid;
        gap: 0.3rem;
        font-weight: 600;
      }
      input,
      select,
      textarea {
        font: inherit;
        min-height: 3rem;
        padding: 0.4rem 0.6rem;
        border: 2px solid var(--line);
        border-radius: 0.5rem;
        background: var(--card);
        color: var(--ink);
      }
      input[type='radio'] {
        width: 1.5rem;
        height: 1.5rem;
        min-height: 0;
      }
      .error {
        color: var(--bad);
        font-weight: 700;
      }
      .ok {
        color: var(--ok);
        font-weight: 700;
      }
    `,
  ];

  @property() locale: PhoneLang = 'zh';
  /** Tests and the passbook may pass another client; the default calls central. */
  @property({ attribute: false }) api: CorrectionApi = correctionApi;
  @state() private data?: CorrectionsReply;
  @state() private loadError?: LocalizedText;
  @state() private kind: CorrectionKind = 'missing-checkout';
  @state() private sessionId = '';
  @state() private stationId = '';
  @state() private startedAt = '';
  @state() private endedAt = '';
  @state() private note = '';
  @state() private busy = false;
  @state() private formError?: { message: LocalizedText; issues: string[] };
  @state() private sent?: LocalizedText;
  /** Kept until the request is answered, so a retry after a lost reply is the same request. */
  private requestId = crypto.randomUUID();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    const answer = await this.api.list();
    if (answer.ok) {
      this.data = answer;
      this.loadError = undefined;
    } else this.loadError = answer.message;
  }

  private t(text: LocalizedText): string {
    return text[this.locale];
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.sent = undefined;
    const endedAt = localInputToIso(this.endedAt);
    const missing = this.kind === 'missing-session';
    if (!missing && !this.sessionId) return void (this.formError = { message: S.chooseSession, issues: [] });
    const startedAt = missing ? localInputToIso(this.startedAt) : undefined;
    if (!endedAt || (missing && (!startedAt || !this.stationId))) return void (this.formError = { message: S.fillTimes, issues: [] });
    this.busy = true;
    const answer = await this.api.ask({
      requestId: this.requestId,
      kind: this.kind,
      ...(missing ? { stationId: this.stationId, startedAt: startedAt! } : { sessionId: this.sessionId }),
      endedAt,
      ...(this.note.trim() ? { note: this.note.trim() } : {}),
    });
    this.busy = false;
    if (answer.ok) {
      this.sent = answer.message;
      this.formError = undefined;
      this.requestId = crypto.randomUUID();
      this.note = '';
      await this.load();
      return;
    }
    if (answer.reason !== 'offline') this.requestId = crypto.randomUUID();
    this.formError = { message: answer.message, issues: answer.issues ?? [] };
  }

  private outcome(c: CorrectionView) {
    if (c.state === 'pending') return html`<span class="state">${this.t(S.waiting)}</span>`;
    const d = c.decision;
    const label = c.state === 'credited' ? this.t(S.credited) : this.t(S.declined);
    const figures = c.state === 'credited' && d?.minutes !== undefined ? ` — ${S.minutesPoints[this.locale](d.minutes, d.points ?? 0)}` : '';
    return html`<span class="state">${c.state === 'credited' ? '✓' : '✗'} ${label}${figures}</span>${d ? html`<br />${`${this.t(S.reason)}: ${d.reason}`}` : nothing}`;
  }

  private renderList() {
    const list = this.data?.corrections ?? [];
    if (list.length === 0) return html`<p>${this.t(S.none)}</p>`;
    return html`<ul data-corrections>
      ${list.map(
        (c) => html`<li class=${c.state} data-correction=${c.id}>
          <strong>${this.t(KINDS[c.kind])}</strong><br />
          ${c.stationName ? this.t(c.stationName) : c.stationId} · ${c.startedAt ? html`${when(c.startedAt)} → ` : nothing}${when(c.endedAt)}<br />
          ${this.outcome(c)}
        </li>`,
      )}
    </ul>`;
  }

  private renderForm() {
    const data = this.data;
    if (!data) return nothing;
    const missing = this.kind === 'missing-session';
    return html`<form @submit=${this.submit} novalidate>
      <h3>${this.t(S.ask)}</h3>
      <fieldset>
        <legend>${this.t(S.kind)}</legend>
        ${(Object.keys(KINDS) as CorrectionKind[]).map(
          (kind) => html`<label
            ><input type="radio" name="kind" value=${kind} .checked=${this.kind === kind} @change=${() => (this.kind = kind)} />${this.t(KINDS[kind])}</label
          >`,
        )}
      </fieldset>
      ${missing
        ? html`<label class="field"
              >${this.t(S.station)}
              <select name="station" .value=${this.stationId} @change=${(e: Event) => (this.stationId = (e.target as HTMLSelectElement).value)}>
                <option value=""></option>
                ${data.stations.map((s) => html`<option value=${s.id}>${this.t(s.name)}</option>`)}
              </select></label
            >
            <label class="field"
              >${this.t(S.start)}
              <input type="datetime-local" name="startedAt" .value=${this.startedAt} @input=${(e: Event) => (this.startedAt = (e.target as HTMLInputElement).value)}
            /></label>`
        : data.sessions.length === 0
          ? html`<p>${this.t(S.noSessions)}</p>`
          : html`<label class="field"
              >${this.t(S.session)}
              <select name="session" .value=${this.sessionId} @change=${(e: Event) => (this.sessionId = (e.target as HTMLSelectElement).value)}>
                <option value=""></option>
                ${data.sessions.map(
                  (s) =>
                    html`<option value=${s.id}>
                      ${when(s.startedAt)} → ${when(s.endedAt)} · ${s.stationName ? this.t(s.stationName) : s.stationId}${s.needsReview ? this.t(S.heldForReview) : ''}
                    </option>`,
                )}
              </select></label
            >`}
      <label class="field"
        >${this.t(S.end)}
        <input type="datetime-local" name="endedAt" .value=${this.endedAt} @input=${(e: Event) => (this.endedAt = (e.target as HTMLInputElement).value)}
      /></label>
      <label class="field"
        >${this.t(S.note)}
        <textarea name="note" rows="2" maxlength="500" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      ${this.formError
        ? html`<p class="error" role="alert">${this.t(this.formError.message)}${this.formError.issues.length ? html`<br />${this.formError.issues.join('; ')}` : nothing}</p>`
        : nothing}
      ${this.sent ? html`<p class="ok" role="status">${this.t(this.sent)}</p>` : nothing}
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? this.t(S.sending) : this.t(S.send)}</button>
    </form>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="corrections-title">
      <h2 id="corrections-title">${this.t(S.title)}</h2>
      <p>${this.t(S.intro)}</p>
      ${this.loadError ? html`<p class="error" role="alert">${this.t(this.loadError)}</p>` : nothing} ${this.renderList()} ${this.renderForm()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'correction-panel': CorrectionPanel;
  }
}
