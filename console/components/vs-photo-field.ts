/**
 * An activity's photo in the Content form: choose a file, it is uploaded at once
 * (data/media-api.ts) and shown as a thumbnail, with a button to remove it. A refusal
 * (too large, not a photo) is the server's own words beside the field; the form's
 * draft only ever holds the media id central answered.
 *
 * @fires photo-change - CustomEvent<{ photo: string }>: the new media id, '' when removed
 */
import { localized, msg } from '@lit/localize';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ManagerCredentials } from '../data/admin-api.ts';
import { describeAdminError } from '../data/admin-api.ts';
import { MediaApi } from '../data/media-api.ts';
import { say } from './field-problems.ts';
import { viewStyles } from './view-styles.ts';

@localized()
@customElement('vs-photo-field')
export class VsPhotoField extends LitElement {
  @property({ attribute: false }) credentials!: ManagerCredentials;
  @property() apiBase = '';
  /** The media id, '' for none. */
  @property() value = '';
  @state() private thumbnailUrl = '';
  @state() private busy = false;
  @state() private error = '';

  static override styles = [
    viewStyles,
    css`
      img {
        display: block;
        max-width: 12rem;
        max-height: 8rem;
        object-fit: cover;
        border-radius: 0.25rem;
        margin: 0.25rem 0;
      }
    `,
  ];

  private get api() {
    return new MediaApi(this.credentials, this.apiBase);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) void this.showThumbnail(this.value);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.thumbnailUrl) URL.revokeObjectURL(this.thumbnailUrl);
    this.thumbnailUrl = '';
  }

  private async showThumbnail(mediaId: string): Promise<void> {
    const old = this.thumbnailUrl;
    let url = '';
    if (mediaId) {
      try {
        url = URL.createObjectURL(await this.api.thumbnail(mediaId));
      } catch (err) {
        this.error = describeAdminError(err);
      }
    }
    if (this.value !== mediaId) {
      if (url) URL.revokeObjectURL(url);
      return;
    }
    this.thumbnailUrl = url;
    if (old) URL.revokeObjectURL(old);
  }

  private async choose(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.busy = true;
    this.error = '';
    try {
      const outcome = await this.api.upload(file);
      if (outcome.kind === 'refused') this.error = say(outcome.message);
      else this.changeTo(outcome.photo.id);
    } catch (err) {
      this.error = describeAdminError(err);
    } finally {
      this.busy = false;
      input.value = '';
    }
  }

  private changeTo(photo: string): void {
    this.dispatchEvent(new CustomEvent('photo-change', { detail: { photo }, bubbles: true, composed: true }));
  }

  override render() {
    return html`<label
        >${msg('Photo (optional)', { id: 'console.content.photo' })}
        <input type="file" name="photo" accept="image/jpeg,image/png,image/webp" ?disabled=${this.busy} @change=${this.choose} />
      </label>
      ${this.busy ? html`<p data-photo-busy>${msg('Uploading the photo…', { id: 'console.content.photoUploading' })}</p>` : nothing}
      ${this.thumbnailUrl ? html`<img data-photo-thumbnail src=${this.thumbnailUrl} alt=${msg('The activity photo', { id: 'console.content.photoAlt' })} />` : nothing}
      ${this.value ? html`<button type="button" data-photo-remove @click=${() => this.changeTo('')}>${msg('Remove the photo', { id: 'console.content.photoRemove' })}</button>` : nothing}
      ${this.error ? html`<p class="field-problem" role="alert" data-photo-error>${this.error}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-photo-field': VsPhotoField;
  }
}
