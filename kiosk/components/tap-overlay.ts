/**
 * Full-screen feedback for a card tap or a phone check-in: always icon + text +
 * colour (the tone is played by the app), so colour is never the only signal.
 * Touching it dismisses it.
 * @fires dismiss - the visitor touched the overlay
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Result } from '../../shared/index.ts';
import type { TapFeedback } from '../controllers/tap-feedback-controller.ts';
import { formatTime } from './format.ts';
import { theme } from './theme.ts';

interface View {
  tone: 'info' | 'ok' | 'warn' | 'bad';
  icon: string;
  title: string;
  lines: string[];
}

function rejectionText(reason: string | undefined): string {
  if (reason === 'unknown-card') return msg('This card is not registered. Please ask the station staff.', { id: 'tap.unknownCard' });
  if (reason === 'card-disabled') return msg('This card is disabled. Please ask the station staff.', { id: 'tap.cardDisabled' });
  if (reason === 'clock-ahead') return msg("This station's clock is wrong, so the tap was not counted. Please tell the station staff.", { id: 'tap.clockAhead' });
  return msg('Please ask the station staff for help.', { id: 'tap.askStaff' });
}

/** Protocol v2 `volunteer.star` (1–5): ★ symbols and words, never colour alone; anything else shows nothing. */
export function starLine(star: unknown): string | undefined {
  if (typeof star !== 'number' || !Number.isInteger(star) || star < 1 || star > 5) return undefined;
  const words = [
    msg('1-star volunteer', { id: 'tap.star1' }),
    msg('2-star volunteer', { id: 'tap.star2' }),
    msg('3-star volunteer', { id: 'tap.star3' }),
    msg('4-star volunteer', { id: 'tap.star4' }),
    msg('5-star volunteer', { id: 'tap.star5' }),
  ][star - 1];
  return `${'★'.repeat(star)} ${words}`;
}

function volunteerLines(result: Result): string[] {
  const volunteer = result.volunteer;
  if (!volunteer) return [];
  const minutes = volunteer.minutesToday;
  const points = volunteer.points;
  const star = starLine(volunteer['star']);
  return [msg(str`Today: ${minutes} min · Points: ${points}`, { id: 'tap.totals' }), ...(star ? [star] : [])];
}

function resultView(result: Result): View {
  const name = result.volunteer?.displayName;
  const time = formatTime(result.at);
  if (result.status === 'rejected') {
    return { tone: 'bad', icon: '✕', title: msg('Check-in not accepted', { id: 'tap.rejected' }), lines: [rejectionText(result.reason)] };
  }
  if (result.status === 'duplicate') {
    const since = result.sessionStartedAt ? formatTime(result.sessionStartedAt) : undefined;
    const title = since ? msg(str`Already checked in at ${since}`, { id: 'tap.duplicateAt' }) : msg('Already checked in', { id: 'tap.duplicate' });
    return { tone: 'warn', icon: '!', title, lines: [...(name ? [name] : []), ...volunteerLines(result)] };
  }
  if (result.direction === 'out') {
    const session = result.sessionMinutes;
    const earned = result.pointsEarned;
    return {
      tone: 'ok',
      icon: '✓',
      title: msg('Checked out', { id: 'tap.checkedOut' }),
      lines: [
        ...(name ? [`${name} · ${time}`] : [time]),
        ...(session !== undefined ? [msg(str`Session: ${session} min`, { id: 'tap.session' })] : []),
        ...(earned !== undefined ? [msg(str`Points earned: ${earned}`, { id: 'tap.earned' })] : []),
        ...volunteerLines(result),
      ],
    };
  }
  return {
    tone: 'ok',
    icon: '✓',
    title: msg('Checked in', { id: 'tap.checkedIn' }),
    lines: [...(name ? [`${name} · ${time}`] : [time]), ...volunteerLines(result)],
  };
}

function viewOf(feedback: TapFeedback): View | undefined {
  switch (feedback.phase) {
    case 'none':
      return undefined;
    case 'reading':
      return { tone: 'info', icon: '…', title: msg('Reading your card…', { id: 'tap.reading' }), lines: [] };
    case 'saved':
      return {
        tone: 'info',
        icon: '↻',
        title: msg('Saved', { id: 'tap.saved' }),
        lines: [msg('Your tap is saved and will sync when the kiosk is online.', { id: 'tap.savedDetail' })],
      };
    case 'result': {
      const view = resultView(feedback.result);
      // Protocol v2: recorded, but the session waits for a manager (its time is not trusted).
      if (feedback.result.reviewReason === undefined || feedback.result.status === 'rejected') return view;
      return { ...view, lines: [...view.lines, msg('Recorded. Staff will check the time before it counts.', { id: 'tap.underReview' })] };
    }
  }
}

@customElement('tap-overlay')
@localized()
export class TapOverlay extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 20;
        display: grid;
        place-items: center;
        pointer-events: none;
      }
      .backdrop {
        position: absolute;
        inset: 0;
        background: rgb(23 32 42 / 45%);
        pointer-events: auto;
      }
      .panel {
        position: relative;
        pointer-events: auto;
        width: min(90vw, 52rem);
        border-radius: 1.5rem;
        padding: 2.5rem 3rem;
        color: #fff;
        text-align: center;
        box-shadow: 0 10px 40px rgb(0 0 0 / 35%);
        border: none;
        font: inherit;
      }
      .info { background: var(--info); }
      .ok { background: var(--ok); }
      .warn { background: var(--warn); }
      .bad { background: var(--bad); }
      .icon {
        font-size: 5rem;
        line-height: 1;
        font-weight: 700;
      }
      .title {
        font-size: 2.6rem;
        font-weight: 700;
        margin: 0.5rem 0 1rem;
      }
      .line {
        font-size: 1.7rem;
      }
    `,
  ];

  @property({ attribute: false }) feedback: TapFeedback = { phase: 'none' };

  override render() {
    const view = viewOf(this.feedback);
    if (!view) return nothing;
    return html`<div class="backdrop" @click=${() => this.dispatchEvent(new Event('dismiss'))}></div>
      <div class="panel ${view.tone}" data-tone=${view.tone} role="status" aria-live="assertive" @click=${() => this.dispatchEvent(new Event('dismiss'))}>
      <div class="icon" aria-hidden="true">${view.icon}</div>
      <p class="title">${view.title}</p>
      ${view.lines.map((line) => html`<p class="line">${line}</p>`)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tap-overlay': TapOverlay;
  }
}
