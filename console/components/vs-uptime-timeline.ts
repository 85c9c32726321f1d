/**
 * One device's last 24 h as a bar (console "Uptime"): a segment per state, sleeping
 * striped grey, offline and screen faults red, never seen hatched; and, under the bar,
 * the same as words ("Offline 06:00–07:00"), so no state is told by colour alone.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SegmentState } from '../../shared/index.ts';
import { getLocale } from '../locales/localization.ts';

export const STATE_LABELS: Record<SegmentState, { 'zh-CN': string; en: string }> = {
  online: { 'zh-CN': '在线', en: 'Online' },
  offline: { 'zh-CN': '离线', en: 'Offline' },
  sleeping: { 'zh-CN': '按时休眠', en: 'Sleeping (schedule)' },
  frozen: { 'zh-CN': '画面卡住', en: 'Screen frozen' },
  blank: { 'zh-CN': '黑屏', en: 'Screen blank' },
  unknown: { 'zh-CN': '无记录', en: 'No record' },
};

export const stateLabel = (state: SegmentState) => STATE_LABELS[state][getLocale() === 'en' ? 'en' : 'zh-CN'];

const clock = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

@customElement('vs-uptime-timeline')
export class VsUptimeTimeline extends LitElement {
  static override styles = css`
    .bar {
      display: flex;
      height: 2rem;
      border: 1px solid #1b1f24;
      min-width: 18rem;
    }
    .bar span {
      display: block;
      height: 100%;
    }
    .online {
      background: #2e8540;
    }
    .offline,
    .frozen,
    .blank {
      background: #c8102e;
    }
    .sleeping {
      background: repeating-linear-gradient(135deg, #6b7280 0 6px, #d1d5db 6px 12px);
    }
    .unknown {
      background: repeating-linear-gradient(45deg, #fff 0 4px, #9ca3af 4px 6px);
    }
    ul {
      list-style: none;
      margin: 0.25rem 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
    }
    .all {
      margin: 0.25rem 0 0;
    }
  `;

  @property({ attribute: false }) segments: { state: SegmentState; from: string; to: string }[] = [];

  override render() {
    const ms = (s: { from: string; to: string }) => Date.parse(s.to) - Date.parse(s.from);
    const total = this.segments.reduce((sum, s) => sum + ms(s), 0) || 1;
    const words = (s: { state: SegmentState; from: string; to: string }) => `${stateLabel(s.state)} ${clock(s.from)}–${clock(s.to)}`;
    const notable = this.segments.filter((s) => s.state !== 'online');
    return html`<div class="bar" role="img" aria-label=${this.segments.map(words).join(', ')}>
        ${this.segments.map((s) => html`<span class=${s.state} style=${`width: ${(ms(s) / total) * 100}%`} title=${words(s)}></span>`)}
      </div>
      ${notable.length === 0
        ? html`<p class="all">${stateLabel('online')} 24 h</p>`
        : html`<ul>
            ${notable.map((s) => html`<li class=${`label-${s.state}`}>${words(s)}</li>`)}
          </ul>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'vs-uptime-timeline': VsUptimeTimeline;
  }
}
