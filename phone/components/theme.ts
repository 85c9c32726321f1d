/**
 * Design tokens of the phone app: the kiosk's calm, high-contrast palette (every text
 * pair at least 4.5:1), sizes in rem so 200 % text size scales everything, and touch
 * targets of at least 48 px.
 */
import { css } from 'lit';

export const theme = css`
  :host {
    --ink: #17202a;
    --ink-soft: #3d4852;
    --paper: #f6f4ef;
    --card: #ffffff;
    --line: #8a8478;
    --primary: #0b4f8a;
    --primary-ink: #ffffff;
    --ok: #1d6b35;
    --ok-bg: #e6f4ea;
    --warn: #7a4600;
    --warn-bg: #fff4e5;
    --bad: #a3161a;
    --bad-bg: #fdecea;
    color: var(--ink);
    line-height: 1.5;
    overflow-wrap: anywhere;
  }
  button {
    font: inherit;
    min-height: 3rem;
    padding: 0.6rem 1rem;
    border-radius: 0.6rem;
    border: 2px solid var(--primary);
    background: var(--card);
    color: var(--primary);
    cursor: pointer;
    width: 100%;
  }
  button.primary {
    background: var(--primary);
    color: var(--primary-ink);
    font-size: 1.25rem;
    font-weight: 700;
  }
  button:disabled {
    opacity: 0.6;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 4px solid #f0b400;
    outline-offset: 2px;
  }
  h2 {
    font-size: 1.3rem;
    margin: 0 0 0.5rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  .card {
    background: var(--card);
    border: 1px solid var(--line);
    border-radius: 0.8rem;
    padding: 1rem;
    display: grid;
    gap: 0.75rem;
  }
`;
