/**
 * The look of a question the kiosk puts to the card holder after a tap (pairing panel,
 * desk prompt): a dimmed screen, one large card with an icon, a title, a line of detail
 * and big answer buttons. Each panel sets its own z-index and answer buttons.
 */
import { css } from 'lit';

export const promptPanelStyles = css`
  :host {
    position: fixed;
    inset: 0;
    display: grid;
    place-items: center;
    background: rgb(23 32 42 / 55%);
  }
  .panel {
    width: min(92vw, 56rem);
    background: var(--card);
    border-radius: 1.5rem;
    padding: 2rem 2.5rem;
    text-align: center;
    box-shadow: 0 10px 40px rgb(0 0 0 / 35%);
    display: grid;
    gap: 1.2rem;
  }
  .icon {
    font-size: 4rem;
    line-height: 1;
    font-weight: 700;
  }
  .title {
    font-size: 2.2rem;
    font-weight: 700;
  }
  .line {
    font-size: 1.6rem;
  }
  .secondary {
    min-height: var(--touch-primary);
    font-size: 1.6rem;
    border: 2px solid var(--ink-soft);
    border-radius: var(--radius);
    background: var(--paper);
    color: var(--ink);
    padding: 0.8rem 1.5rem;
  }
  .ok {
    color: var(--ok);
  }
  .bad {
    color: var(--bad);
  }
  .warn {
    color: var(--warn);
  }
`;
