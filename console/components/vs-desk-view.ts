/**
 * The console's "Redemption desk" (issue 12 §Rewards shop, redemption two ways):
 *   - by code: staff type (or scan: a keyboard-wedge scanner types the 6 digits and Enter)
 *     the phone's code, see the reservation (masked name, item, points) and confirm the
 *     hand-over;
 *   - by card: staff open the desk for a station; the next card tap there shows the
 *     volunteer (masked name, balance, star); staff pick an item and the volunteer
 *     confirms on the kiosk. The session is polled while it is open.
 * Every refusal shows the server's own words (wrong, expired or used code; another
 * site's code is the server's 403 text). It talks to the manager API (data/desk-api.ts).
 */
import { localized } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { viewStyles } from './view-styles.ts';
import { customElement, property, state } from 'lit/decorators.js';
import type { LocalizedText } from '../../shared/index.ts';
import { DeskApi, DeskApiError, refusalText, type DeskCredentials, type DeskReservation, type DeskSessionView, type DeskSite, type DeskStation } from '../data/desk-api.ts';
import { getLocale } from '../locales/localization.ts';

const S = {
  title: { 'zh-CN': '兑换台', en: 'Redemption desk' },
  site: { 'zh-CN': '站点', en: 'Site' },
  chooseSite: { 'zh-CN': '请选择站点', en: 'Choose a site' },
  byCode: { 'zh-CN': '凭兑换码（手机）', en: 'By code (phone)' },
  code: { 'zh-CN': '兑换码（6 位数字，可扫码）', en: 'Code (6 digits, or scan it)' },
  find: { 'zh-CN': '查找', en: 'Find' },
  reservation: { 'zh-CN': '预约', en: 'Reservation' },
  volunteer: { 'zh-CN': '志愿者', en: 'Volunteer' },
  item: { 'zh-CN': '物品', en: 'Item' },
  points: { 'zh-CN': '积分', en: 'Points' },
  handOver: { 'zh-CN': '确认交付', en: 'Confirm the hand-over' },
  handedOver: { 'zh-CN': '已交付', en: 'Handed over' },
  balanceNow: { 'zh-CN': '兑换后积分', en: 'Balance after it' },
  pts: { 'zh-CN': '积分', en: 'points' },
  byCard: { 'zh-CN': '凭卡（没有手机的志愿者）', en: 'By card (no smartphone)' },
  station: { 'zh-CN': '刷卡站', en: 'Station' },
  open: { 'zh-CN': '开启兑换台', en: 'Open the desk' },
  waiting: { 'zh-CN': '请志愿者在这个刷卡站刷卡。这次刷卡同时记为一次签到/签退。', en: 'Ask the volunteer to tap their card at this station. The tap also counts as a check-in or check-out.' },
  balance: { 'zh-CN': '积分余额', en: 'Balance' },
  star: { 'zh-CN': '星级', en: 'Star' },
  noStar: { 'zh-CN': '无星级', en: 'No star yet' },
  offer: { 'zh-CN': '请志愿者在屏幕上确认', en: 'Ask for confirmation on the kiosk' },
  prompted: { 'zh-CN': '等待志愿者在刷卡站屏幕上确认…', en: 'Waiting for the volunteer to confirm on the kiosk screen…' },
  redeemed: { 'zh-CN': '已兑换，请交付物品。', en: 'Redeemed: hand the item over.' },
  declined: { 'zh-CN': '志愿者在屏幕上选择了取消，没有兑换。', en: 'The volunteer chose Cancel on the kiosk: nothing was redeemed.' },
  expired: { 'zh-CN': '等待超时，没有兑换。', en: 'No answer in time: nothing was redeemed.' },
  closed: { 'zh-CN': '兑换台已关闭。', en: 'The desk is closed.' },
  refused: { 'zh-CN': '没有兑换：', en: 'Not redeemed: ' },
  pick: { 'zh-CN': '请选择物品，志愿者在刷卡站屏幕上确认。', en: 'Pick the item; the volunteer confirms on the kiosk screen.' },
  counted: { 'zh-CN': '（这次刷卡已记为签到/签退。）', en: '(The tap was recorded as a check-in or check-out.)' },
  closeDesk: { 'zh-CN': '关闭兑换台', en: 'Close the desk' },
  next: { 'zh-CN': '下一位', en: 'Next volunteer' },
  network: { 'zh-CN': '无法连接中心服务。请检查网络后重试。', en: 'Central cannot be reached. Check the network and try again.' },
  auth: { 'zh-CN': '中心服务不接受这个管理员账号或密码。请重新登录。', en: 'Central does not accept this manager account or password. Sign in again.' },
  badCode: { 'zh-CN': '兑换码是 6 位数字，请核对后重新输入。', en: 'A code is 6 digits: check it and type it again.' },
  noItems: { 'zh-CN': '这个站点没有可兑换的物品。', en: 'This site has nothing to redeem.' },
  stock: { 'zh-CN': '库存', en: 'stock' },
} satisfies Record<string, { 'zh-CN': string; en: string }>;

const POLL_MS = 1_000;

@localized()
@customElement('vs-desk-view')
export class VsDeskView extends LitElement {
  @property({ attribute: false }) credentials!: DeskCredentials;
  @property() apiBase = '';
  @state() private sites: DeskSite[] = [];
  @state() private stations: DeskStation[] = [];
  @state() private siteId = '';
  @state() private code = '';
  @state() private found?: DeskReservation;
  @state() private receipt?: DeskReservation;
  @state() private codeError = '';
  @state() private error = '';
  @state() private stationId = '';
  @state() private session?: DeskSessionView;
  @state() private sessionError = '';
  @state() private itemId = '';
  @state() private busy = false;
  /** One id per hand-over, per desk opening and per offer: a retry after a lost reply counts once. */
  private handOverId = crypto.randomUUID();
  private offerId = crypto.randomUUID();
  private poll?: ReturnType<typeof setInterval>;

  static override styles = [
    viewStyles,
    css`
      h2,
      h3 {
        margin: 0 0 0.75rem;
      }
      section {
        border: 1px solid #8a939e;
        padding: 1rem;
        margin-bottom: 1rem;
        max-width: 48rem;
      }
      input.code {
        font-size: 1.6rem;
        letter-spacing: 0.2em;
        width: 9em;
      }
      button.primary {
        background: #0b5cad;
        color: #fff;
        border: 2px solid #0b5cad;
        font-weight: 700;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        font-size: 1.2rem;
      }
    `,
  ];

  private t(key: keyof typeof S): string {
    return S[key][getLocale() === 'en' ? 'en' : 'zh-CN'];
  }

  private text(value: LocalizedText | undefined): string {
    if (!value) return '';
    return getLocale() === 'en' ? value.en : value.zh;
  }

  private get api(): DeskApi {
    return new DeskApi(this.credentials, this.apiBase);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.poll);
  }

  private describe(err: unknown): string {
    if (!(err instanceof DeskApiError)) return (err as Error).message;
    if (err.status === 0) return this.t('network');
    if (err.status === 401) return this.t('auth');
    const words = refusalText(err);
    if (words) return this.text(words);
    return err.detail;
  }

  private async load(): Promise<void> {
    try {
      const answer = await this.api.sites();
      this.sites = answer.sites;
      this.stations = answer.stations ?? [];
      // Refreshing the list (after a hand-over) must not wipe the receipt staff are reading.
      if (this.sites.length === 1 && this.siteId !== this.sites[0]!.siteId) this.pickSite(this.sites[0]!.siteId);
    } catch (err) {
      this.error = this.describe(err);
    }
  }

  private pickSite(siteId: string): void {
    this.siteId = siteId;
    this.found = undefined;
    this.receipt = undefined;
    this.codeError = '';
    this.stationId = this.stations.find((s) => s.siteId === siteId)?.stationId ?? '';
  }

  private get items() {
    return this.sites.find((s) => s.siteId === this.siteId)?.items ?? [];
  }

  override render() {
    return html`<h2>${this.t('title')}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <form @submit=${(e: Event) => e.preventDefault()}>
        <label
          >${this.t('site')}
          <select name="site" .value=${this.siteId} @change=${(e: Event) => this.pickSite((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.siteId === ''}>${this.t('chooseSite')}</option>
            ${this.sites.map((s) => html`<option value=${s.siteId} ?selected=${s.siteId === this.siteId}>${s.siteId}</option>`)}
          </select>
        </label>
      </form>
      ${this.siteId ? html`${this.renderCode()}${this.renderCard()}` : nothing}`;
  }

  private renderCode() {
    const found = this.found;
    return html`<section aria-labelledby="by-code">
      <h3 id="by-code">${this.t('byCode')}</h3>
      <form @submit=${this.onFind}>
        <label
          >${this.t('code')}
          <input
            class="code"
            name="code"
            inputmode="numeric"
            autocomplete="off"
            maxlength="6"
            .value=${this.code}
            @input=${(e: Event) => (this.code = (e.target as HTMLInputElement).value.trim())}
          />
        </label>
        <button type="submit" ?disabled=${this.busy}>${this.t('find')}</button>
      </form>
      <div aria-live="polite">
        ${this.codeError ? html`<p class="error" role="alert" data-testid="code-error">${this.codeError}</p>` : nothing}
        ${found
          ? html`<dl data-testid="reservation">
                <dt>${this.t('volunteer')}</dt>
                <dd>${found.displayName}</dd>
                <dt>${this.t('item')}</dt>
                <dd>${this.text(found.item)}</dd>
                <dt>${this.t('points')}</dt>
                <dd>${found.price}</dd>
              </dl>
              <button type="button" class="primary" ?disabled=${this.busy} @click=${this.onHandOver}>${this.t('handOver')}</button>`
          : nothing}
        ${this.receipt
          ? html`<p class="ok" data-testid="handed-over">
              ${this.t('handedOver')}: ${this.receipt.displayName}, ${this.text(this.receipt.item)}, ${this.receipt.price} ${this.t('pts')}. ${this.t('balanceNow')}:
              ${this.receipt.balanceAfter}
            </p>`
          : nothing}
      </div>
    </section>`;
  }

  private readonly onFind = async (event: Event) => {
    event.preventDefault();
    this.found = undefined;
    this.receipt = undefined;
    this.codeError = '';
    if (!/^\d{6}$/.test(this.code)) {
      this.codeError = this.t('badCode');
      return;
    }
    this.busy = true;
    try {
      this.found = await this.api.findCode(this.siteId, this.code);
      this.handOverId = crypto.randomUUID();
    } catch (err) {
      this.codeError = this.describe(err);
    } finally {
      this.busy = false;
    }
  };

  private readonly onHandOver = async () => {
    if (!this.found) return;
    this.busy = true;
    try {
      this.receipt = await this.api.handOver(this.siteId, this.code, this.handOverId);
      this.found = undefined;
      this.code = '';
      void this.load();
    } catch (err) {
      this.found = undefined;
      this.codeError = this.describe(err);
    } finally {
      this.busy = false;
    }
  };

  private renderCard() {
    const stations = this.stations.filter((s) => s.siteId === this.siteId);
    const session = this.session;
    return html`<section aria-labelledby="by-card">
      <h3 id="by-card">${this.t('byCard')}</h3>
      ${!session || !this.isOpen(session)
        ? html`<form @submit=${this.onOpen}>
            <label
              >${this.t('station')}
              <select name="station" .value=${this.stationId} @change=${(e: Event) => (this.stationId = (e.target as HTMLSelectElement).value)}>
                ${stations.map((s) => html`<option value=${s.stationId} ?selected=${s.stationId === this.stationId}>${this.text(s.name)} (${s.stationId})</option>`)}
              </select>
            </label>
            <button type="submit" class="primary" ?disabled=${this.busy || !this.stationId}>${session ? this.t('next') : this.t('open')}</button>
          </form>`
        : nothing}
      <div aria-live="polite" data-testid="desk-session">
        ${this.sessionError ? html`<p class="error" role="alert">${this.sessionError}</p>` : nothing} ${session ? this.renderSession(session) : nothing}
      </div>
    </section>`;
  }

  private isOpen(session: DeskSessionView): boolean {
    return session.state === 'waiting-tap' || session.state === 'identified' || session.state === 'prompted';
  }

  private renderSession(session: DeskSessionView) {
    const volunteer = session.volunteer;
    const who = volunteer
      ? html`<dl data-testid="desk-volunteer">
          <dt>${this.t('volunteer')}</dt>
          <dd>${volunteer.displayName}</dd>
          <dt>${this.t('balance')}</dt>
          <dd>${volunteer.balance} ${this.t('pts')}</dd>
          <dt>${this.t('star')}</dt>
          <dd>${volunteer.star > 0 ? `${'★'.repeat(volunteer.star)} ${volunteer.star}` : this.t('noStar')}</dd>
        </dl>`
      : nothing;
    const close = html`<button type="button" @click=${this.onClose}>${this.t('closeDesk')}</button>`;
    switch (session.state) {
      case 'waiting-tap':
        return html`<p data-testid="desk-state">${this.t('waiting')}</p>
          ${close}`;
      case 'identified': {
        const items = this.items.filter((i) => i.stock > 0);
        return html`${who}
          <p>${this.t('pick')} ${this.t('counted')}</p>
          ${items.length === 0
            ? html`<p>${this.t('noItems')}</p>`
            : html`<form @submit=${this.onOffer}>
                <label
                  >${this.t('item')}
                  <select name="item" .value=${this.itemId} @change=${(e: Event) => (this.itemId = (e.target as HTMLSelectElement).value)}>
                    ${items.map((i) => html`<option value=${i.id} ?selected=${i.id === this.itemId}>${this.text(i.name)} — ${i.price} ${this.t('pts')} (${this.t('stock')} ${i.stock})</option>`)}
                  </select>
                </label>
                <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('offer')}</button>
              </form>`}
          ${close}`;
      }
      case 'prompted':
        return html`${who}
          <p data-testid="desk-state">${this.t('prompted')} ${this.text(session.offer?.item)} — ${session.offer?.price} ${this.t('pts')}</p>
          ${close}`;
      case 'redeemed':
        return html`${who}
          <p class="ok" data-testid="desk-state">
            ${this.t('redeemed')} ${this.text(session.receipt?.item)}, ${session.receipt?.price} ${this.t('pts')}. ${this.t('balanceNow')}: ${session.receipt?.balanceAfter}
          </p>`;
      case 'refused':
        return html`${who}
          <p class="error" data-testid="desk-state">${this.t('refused')}${this.text(session.refusal?.message)}</p>`;
      default:
        return html`${who}
          <p data-testid="desk-state">${this.t(session.state)}</p>`;
    }
  }

  private follow(session: DeskSessionView): void {
    this.session = session;
    clearInterval(this.poll);
    if (!this.isOpen(session)) {
      void this.load();
      return;
    }
    this.poll = setInterval(() => void this.refresh(), POLL_MS);
  }

  private async refresh(): Promise<void> {
    if (!this.session) return;
    try {
      const next = await this.api.session(this.session.id);
      this.sessionError = '';
      if (next.state !== this.session.state || JSON.stringify(next) !== JSON.stringify(this.session)) {
        if (next.state === 'identified' && !this.itemId) this.itemId = this.items.find((i) => i.stock > 0)?.id ?? '';
        this.follow(next);
      }
    } catch (err) {
      this.sessionError = this.describe(err);
    }
  }

  private readonly onOpen = async (event: Event) => {
    event.preventDefault();
    this.busy = true;
    this.sessionError = '';
    try {
      this.itemId = '';
      this.follow(await this.api.openSession(this.stationId, crypto.randomUUID()));
    } catch (err) {
      this.sessionError = this.describe(err);
    } finally {
      this.busy = false;
    }
  };

  private readonly onOffer = async (event: Event) => {
    event.preventDefault();
    if (!this.session || !this.itemId) return;
    this.busy = true;
    try {
      this.follow(await this.api.offer(this.session.id, this.itemId, this.offerId));
      this.offerId = crypto.randomUUID();
    } catch (err) {
      this.sessionError = this.describe(err);
    } finally {
      this.busy = false;
    }
  };

  private readonly onClose = async () => {
    if (!this.session) return;
    try {
      this.follow(await this.api.close(this.session.id));
    } catch (err) {
      this.sessionError = this.describe(err);
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-desk-view': VsDeskView;
  }
}
