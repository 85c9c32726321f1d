/**
 * A site's rewards catalogue (爱心超市, issue 16), inside the Content view: each item with
 * its name in both languages, price in points, the count on the shelf now (from central's
 * store, with the units reservations hold) and its monthly limit. Editing an item can
 * correct its stock with a reason; the correction is made against the count shown here,
 * so a hand-over meanwhile makes the save refused rather than undone, and it is listed
 * below with who made it and when (GET /api/shop/stock-corrections).
 * @fires published - after a save was published, so the view loads the new version
 */
import { localized, msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RewardEditItem, RewardItem } from '../../shared/index.ts';
import { describeAdminError } from '../data/admin-api.ts';
import { ContentApi, type StockCorrectionView } from '../data/content-api.ts';
import { ContentSectionEditor } from './content-section-editor.ts';
import { toLocalInput } from './local-time-input.ts';

interface Draft {
  /** Where the item is in the list; -1 for a new one. */
  index: number;
  id: string;
  zh: string;
  en: string;
  price: string;
  monthlyLimit: string;
  /** The count on the shelf when the form opened; undefined for a new item. */
  stockSeen?: number;
  /** The corrected count, '' for no correction. */
  stock: string;
  stockReason: string;
}

type Field = 'name.zh' | 'name.en' | 'price' | 'monthlyLimit' | 'stock' | 'stockReason';

/** A number field as typed: a number when it is one, else the text, for the server to name. */
const typed = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

function draftOf(item: RewardItem | undefined, index: number): Draft {
  return {
    index,
    id: item?.id ?? `R-${Date.now().toString(36).toUpperCase()}`,
    zh: item?.name.zh ?? '',
    en: item?.name.en ?? '',
    price: item ? String(item.price) : '',
    monthlyLimit: item?.monthlyLimit === undefined ? '' : String(item.monthlyLimit),
    ...(item?.stock !== undefined ? { stockSeen: item.stock } : {}),
    stock: '',
    stockReason: '',
  };
}

/** What the server keeps of an item not being corrected: the catalogue entry, the store's count left alone. */
const unchanged = ({ stock: _stock, ...item }: RewardItem): RewardEditItem => item;

function itemOf(draft: Draft): RewardEditItem {
  const corrected = draft.stock.trim() !== '';
  return {
    id: draft.id,
    name: { zh: draft.zh, en: draft.en },
    price: typed(draft.price),
    ...(draft.monthlyLimit.trim() !== '' ? { monthlyLimit: typed(draft.monthlyLimit) } : {}),
    ...(corrected ? { stock: typed(draft.stock), ...(draft.stockSeen !== undefined ? { stockSeen: draft.stockSeen } : {}) } : {}),
    ...(corrected && draft.stockReason.trim() !== '' ? { stockReason: draft.stockReason.trim() } : {}),
  };
}

@localized()
@customElement('vs-rewards-editor')
export class VsRewardsEditor extends ContentSectionEditor {
  /** The site's catalogue, `stock` the count on the shelf now. */
  @property({ attribute: false }) rewards: RewardItem[] = [];
  /** itemId -> units held by pending reservations. */
  @property({ attribute: false }) held: Record<string, number> = {};
  @state() private draft?: Draft;
  @state() private corrections: StockCorrectionView[] = [];
  @state() private correctionsError = '';

  static override styles = ContentSectionEditor.sectionStyles;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('site')) this.draft = undefined;
    // A new version (or site) may come with new corrections.
    if ((changed.has('site') || changed.has('version')) && this.site) void this.loadCorrections();
  }

  private async loadCorrections(): Promise<void> {
    try {
      this.corrections = await new ContentApi(this.credentials, this.apiBase).stockCorrections(this.site);
      this.correctionsError = '';
    } catch (err) {
      this.correctionsError = describeAdminError(err);
    }
  }

  private async save(items: RewardEditItem[], index: number): Promise<void> {
    const prefix = `rewards.${index}.`;
    const published = await this.publish(
      (api) => api.saveRewards(this.site, { baseVersion: this.version, rewards: items }),
      (p) => (p.path.startsWith(prefix) ? { ...p, path: p.path.slice(prefix.length) } : p),
    );
    if (published && this.warnings.length === 0) this.draft = undefined;
  }

  private submit(event: Event): void {
    event.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    const list = this.rewards.map(unchanged);
    const index = draft.index < 0 ? list.length : draft.index;
    list[index] = itemOf(draft);
    void this.save(list, index);
  }

  private edit(index: number): void {
    this.draft = draftOf(this.rewards[index], index);
    this.clearProblems();
    this.message = undefined;
  }

  override render() {
    return html`<h3 id="rewards-title">${msg('Rewards shop catalogue', { id: 'console.rewards.title' })}</h3>
      ${this.renderMessage()}
      ${this.rewards.length === 0
        ? html`<p>${msg('The site has no rewards yet.', { id: 'console.rewards.none' })}</p>`
        : html`<table aria-labelledby="rewards-title">
            <thead>
              <tr>
                <th scope="col">${msg('Item', { id: 'console.rewards.col.item' })}</th>
                <th scope="col">${msg('Price (points)', { id: 'console.rewards.col.price' })}</th>
                <th scope="col">${msg('On the shelf now', { id: 'console.rewards.col.stock' })}</th>
                <th scope="col">${msg('Monthly limit', { id: 'console.rewards.col.limit' })}</th>
                <th scope="col">${msg('Action', { id: 'console.reviews.col.action' })}</th>
              </tr>
            </thead>
            <tbody>
              ${this.rewards.map(
                (item, index) => html`<tr data-reward=${item.id}>
                  <td>${item.name.zh}<br />${item.name.en}</td>
                  <td data-price>${item.price}</td>
                  <td data-stock>${item.stock ?? '—'}${this.held[item.id] ? html` (${msg(str`${this.held[item.id]!} reserved`, { id: 'console.rewards.held' })})` : nothing}</td>
                  <td>${item.monthlyLimit ?? msg('None', { id: 'console.rewards.noLimit' })}</td>
                  <td>
                    <button type="button" @click=${() => this.edit(index)}>${msg('Edit', { id: 'console.content.edit' })}</button>
                    <button type="button" ?disabled=${this.saving} @click=${() => void this.save(this.rewards.filter((_, i) => i !== index).map(unchanged), -1)}>
                      ${msg('Remove', { id: 'console.content.remove' })}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <p><button type="button" @click=${() => this.edit(-1)}>${msg('New reward', { id: 'console.rewards.new' })}</button></p>
      ${this.draft ? this.form(this.draft) : nothing} ${this.renderCorrections()}`;
  }

  private renderCorrections() {
    return html`<h4 id="corrections-title">${msg('Recent stock corrections', { id: 'console.rewards.corrections' })}</h4>
      ${this.correctionsError ? html`<p class="error" role="alert">${this.correctionsError}</p>` : nothing}
      ${this.corrections.length === 0
        ? html`<p>${msg('No stock corrections yet.', { id: 'console.rewards.noCorrections' })}</p>`
        : html`<ul aria-labelledby="corrections-title" data-corrections>
            ${this.corrections.map(
              (c) => html`<li data-correction=${c.itemId}>${toLocalInput(c.at).replace('T', ' ')} · ${c.by ?? '?'} · ${c.itemId}: ${c.detail ?? ''}${c.reason ? html` · ${c.reason}` : nothing}</li>`,
            )}
          </ul>`}`;
  }

  private field(field: Field) {
    return this.beside(field, (p) => p.path === field || (field === 'stock' && p.path === 'stockSeen'));
  }

  private input(field: Field, label: string, value: string, set: (value: string) => void, type = 'text') {
    return html`<label
      >${label}
      <input type=${type} name=${field} .value=${value} @input=${(e: Event) => set((e.target as HTMLInputElement).value)} />${this.field(field)}</label
    >`;
  }

  private form(draft: Draft) {
    const set = (change: Partial<Draft>) => (this.draft = { ...draft, ...change });
    const fields = new Set<string>(['name.zh', 'name.en', 'price', 'monthlyLimit', 'stock', 'stockSeen', 'stockReason']);
    const seen = draft.stockSeen;
    return html`<form @submit=${this.submit} novalidate aria-labelledby="rewards-title" data-reward-form>
      ${this.input('name.zh', msg('Name (Chinese)', { id: 'console.rewards.nameZh' }), draft.zh, (zh) => set({ zh }))}
      ${this.input('name.en', msg('Name (English)', { id: 'console.rewards.nameEn' }), draft.en, (en) => set({ en }))}
      ${this.input('price', msg('Price (points)', { id: 'console.rewards.col.price' }), draft.price, (price) => set({ price }), 'number')}
      ${this.input('monthlyLimit', msg('Monthly limit per volunteer (optional)', { id: 'console.rewards.limit' }), draft.monthlyLimit, (monthlyLimit) => set({ monthlyLimit }), 'number')}
      ${this.input(
        'stock',
        seen === undefined
          ? msg('Count on the shelf', { id: 'console.rewards.initialStock' })
          : msg(str`Correct the stock: count on the shelf (now ${seen}; empty: no correction)`, { id: 'console.rewards.correct' }),
        draft.stock,
        (stock) => set({ stock }),
        'number',
      )}
      ${this.input('stockReason', msg('Reason for the correction (optional)', { id: 'console.rewards.reason' }), draft.stockReason, (stockReason) => set({ stockReason }))}
      ${this.renderOtherProblems((p) => fields.has(p.path))}
      <div><button type="submit" ?disabled=${this.saving}>${msg('Publish the catalogue', { id: 'console.rewards.save' })}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-rewards-editor': VsRewardsEditor;
  }
}
