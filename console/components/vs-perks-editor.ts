/**
 * The city-wide star perks (issue 16), inside the Content view, for city managers (site
 * staff are refused by the server, which says so here): each with its partner and offer
 * in both languages, the lowest star that gets it (1–5), its kind, an optional validity
 * and how to claim it. Saving publishes the whole list, on `R/perks`.
 * @fires published - after a save was published, so the view loads the new version
 */
import { localized, msg } from '@lit/localize';
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PERK_KINDS, starSymbols, type Perk, type PerkKind } from '../../shared/index.ts';
import { ContentSectionEditor } from './content-section-editor.ts';

interface Draft {
  index: number;
  id: string;
  partnerZh: string;
  partnerEn: string;
  offerZh: string;
  offerEn: string;
  minStar: string;
  kind: PerkKind | '';
  validFrom: string;
  validUntil: string;
  claimZh: string;
  claimEn: string;
}

function draftOf(perk: Perk | undefined, index: number): Draft {
  return {
    index,
    id: perk?.id ?? `P-${Date.now().toString(36).toUpperCase()}`,
    partnerZh: perk?.partner.zh ?? '',
    partnerEn: perk?.partner.en ?? '',
    offerZh: perk?.offer.zh ?? '',
    offerEn: perk?.offer.en ?? '',
    minStar: perk ? String(perk.minStar) : '1',
    kind: perk?.kind ?? '',
    validFrom: perk?.validFrom ?? '',
    validUntil: perk?.validUntil ?? '',
    claimZh: perk?.howToClaim?.zh ?? '',
    claimEn: perk?.howToClaim?.en ?? '',
  };
}

function perkOf(d: Draft): Perk {
  return {
    id: d.id,
    partner: { zh: d.partnerZh, en: d.partnerEn },
    offer: { zh: d.offerZh, en: d.offerEn },
    minStar: Number(d.minStar),
    ...(d.kind ? { kind: d.kind } : {}),
    ...(d.validFrom ? { validFrom: d.validFrom } : {}),
    ...(d.validUntil ? { validUntil: d.validUntil } : {}),
    ...(d.claimZh.trim() || d.claimEn.trim() ? { howToClaim: { zh: d.claimZh, en: d.claimEn } } : {}),
  };
}

const KIND_NAMES: Record<PerkKind, () => string> = {
  transport: () => msg('Transport', { id: 'console.perks.kind.transport' }),
  'scenic-spot': () => msg('Scenic spot', { id: 'console.perks.kind.scenic' }),
  cinema: () => msg('Cinema', { id: 'console.perks.kind.cinema' }),
  books: () => msg('Books', { id: 'console.perks.kind.books' }),
  other: () => msg('Other', { id: 'console.perks.kind.other' }),
};

@localized()
@customElement('vs-perks-editor')
export class VsPerksEditor extends ContentSectionEditor {
  @property({ attribute: false }) perks: Perk[] = [];
  @state() private draft?: Draft;

  static override styles = ContentSectionEditor.sectionStyles;

  private async save(perks: Perk[], index: number): Promise<void> {
    const prefix = `perks.${index}.`;
    const published = await this.publish(
      (api) => api.savePerks({ baseVersion: this.version, perks }),
      (p) => (p.path.startsWith(prefix) ? { ...p, path: p.path.slice(prefix.length) } : p),
    );
    if (published && this.warnings.length === 0) this.draft = undefined;
  }

  private submit(event: Event): void {
    event.preventDefault();
    const draft = this.draft;
    if (!draft) return;
    const list = [...this.perks];
    const index = draft.index < 0 ? list.length : draft.index;
    list[index] = perkOf(draft);
    void this.save(list, index);
  }

  private edit(index: number): void {
    this.draft = draftOf(this.perks[index], index);
    this.clearProblems();
    this.message = undefined;
  }

  override render() {
    return html`<h3 id="perks-title">${msg('Star perks (city-wide, city managers)', { id: 'console.perks.title' })}</h3>
      ${this.renderMessage()}
      ${this.perks.length === 0
        ? html`<p>${msg('No perks yet.', { id: 'console.perks.none' })}</p>`
        : html`<table aria-labelledby="perks-title">
            <thead>
              <tr>
                <th scope="col">${msg('Partner', { id: 'console.perks.col.partner' })}</th>
                <th scope="col">${msg('Offer', { id: 'console.perks.col.offer' })}</th>
                <th scope="col">${msg('Lowest star', { id: 'console.perks.col.star' })}</th>
                <th scope="col">${msg('Valid', { id: 'console.perks.col.valid' })}</th>
                <th scope="col">${msg('Action', { id: 'console.reviews.col.action' })}</th>
              </tr>
            </thead>
            <tbody>
              ${this.perks.map(
                (perk, index) => html`<tr data-perk=${perk.id}>
                  <td>${perk.partner.zh}<br />${perk.partner.en}</td>
                  <td>${perk.offer.zh}<br />${perk.offer.en}</td>
                  <td>${starSymbols(perk.minStar)} ${perk.minStar}</td>
                  <td>${perk.validFrom ?? '…'} – ${perk.validUntil ?? '…'}</td>
                  <td>
                    <button type="button" @click=${() => this.edit(index)}>${msg('Edit', { id: 'console.content.edit' })}</button>
                    <button type="button" ?disabled=${this.saving} @click=${() => void this.save(this.perks.filter((_, i) => i !== index), -1)}>
                      ${msg('Remove', { id: 'console.content.remove' })}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <p><button type="button" @click=${() => this.edit(-1)}>${msg('New perk', { id: 'console.perks.new' })}</button></p>
      ${this.draft ? this.form(this.draft) : nothing}`;
  }

  private text(field: string, key: keyof Draft, label: string, draft: Draft, type = 'text') {
    return html`<label
      >${label}
      <input type=${type} name=${field} .value=${draft[key] as string} @input=${(e: Event) => (this.draft = { ...draft, [key]: (e.target as HTMLInputElement).value })} />${this.beside(field)}</label
    >`;
  }

  private form(draft: Draft) {
    const fields = new Set(['partner.zh', 'partner.en', 'offer.zh', 'offer.en', 'minStar', 'kind', 'validFrom', 'validUntil', 'howToClaim.zh', 'howToClaim.en']);
    return html`<form @submit=${this.submit} novalidate aria-labelledby="perks-title" data-perk-form>
      ${this.text('partner.zh', 'partnerZh', msg('Partner (Chinese)', { id: 'console.perks.partnerZh' }), draft)}
      ${this.text('partner.en', 'partnerEn', msg('Partner (English)', { id: 'console.perks.partnerEn' }), draft)}
      ${this.text('offer.zh', 'offerZh', msg('Offer (Chinese)', { id: 'console.perks.offerZh' }), draft)}
      ${this.text('offer.en', 'offerEn', msg('Offer (English)', { id: 'console.perks.offerEn' }), draft)}
      ${this.text('minStar', 'minStar', msg('Lowest star that gets it (1–5)', { id: 'console.perks.minStar' }), draft, 'number')}
      <label
        >${msg('Kind', { id: 'console.perks.kind' })}
        <select name="kind" @change=${(e: Event) => (this.draft = { ...draft, kind: (e.target as HTMLSelectElement).value as PerkKind | '' })}>
          <option value="" ?selected=${draft.kind === ''}>—</option>
          ${PERK_KINDS.map((kind) => html`<option value=${kind} ?selected=${draft.kind === kind}>${KIND_NAMES[kind]()}</option>`)}
        </select>
        ${this.beside('kind')}</label
      >
      ${this.text('validFrom', 'validFrom', msg('Valid from (optional)', { id: 'console.perks.validFrom' }), draft, 'date')}
      ${this.text('validUntil', 'validUntil', msg('Valid until (optional)', { id: 'console.perks.validUntil' }), draft, 'date')}
      ${this.text('howToClaim.zh', 'claimZh', msg('How to claim (Chinese, optional)', { id: 'console.perks.claimZh' }), draft)}
      ${this.text('howToClaim.en', 'claimEn', msg('How to claim (English, optional)', { id: 'console.perks.claimEn' }), draft)}
      ${this.renderOtherProblems((p) => fields.has(p.path))}
      <div><button type="submit" ?disabled=${this.saving}>${msg('Publish the perks', { id: 'console.perks.save' })}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-perks-editor': VsPerksEditor;
  }
}
