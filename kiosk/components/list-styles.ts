/** Shared look of the list screens (activities, stations): chips, items, detail. */
import { css } from 'lit';

export const listStyles = css`
  :host {
    display: block;
    padding: 1.5rem 2rem 2rem;
    box-sizing: border-box;
    height: 100%;
    overflow-y: auto;
  }
  h1 {
    font-size: 2.2rem;
    margin-bottom: 1rem;
  }
  h2 {
    font-size: 2rem;
    margin: 0.3rem 0 1rem;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-bottom: 0.75rem;
  }
  .chip,
  .back {
    min-height: var(--touch);
    padding: 0.3rem 1rem;
    border-radius: 2rem;
    border: 2px solid var(--primary);
    background: var(--card);
    color: var(--primary);
    font-size: 1.15rem;
    font-weight: 600;
  }
  .chip[aria-pressed='true'] {
    background: var(--primary);
    color: var(--primary-ink);
  }
  .list {
    list-style: none;
    padding: 0;
    margin: 1rem 0 0;
    display: grid;
    gap: 0.75rem;
  }
  .item {
    width: 100%;
    min-height: var(--touch-primary);
    text-align: left;
    display: grid;
    gap: 0.2rem;
    padding: 1rem 1.25rem;
    border-radius: var(--radius);
    border: 1px solid var(--line);
    background: var(--card);
  }
  .title {
    font-size: 1.5rem;
    font-weight: 700;
  }
  .meta,
  .tag {
    font-size: 1.15rem;
    color: var(--ink-soft);
  }
  .tag {
    font-weight: 700;
    color: var(--primary);
  }
  .empty {
    font-size: 1.3rem;
    color: var(--ink-soft);
    margin-top: 1rem;
  }
  .detail-body {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 18rem;
    gap: 2rem;
    margin-top: 1rem;
    background: var(--card);
    border-radius: var(--radius);
    padding: 1.5rem 2rem;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.5rem 1.5rem;
    font-size: 1.35rem;
  }
  dt {
    color: var(--ink-soft);
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
  .description {
    font-size: 1.25rem;
    margin-top: 1rem;
  }
  .handoff {
    margin: 0;
    text-align: center;
  }
  .handoff figcaption {
    font-size: 1.2rem;
    font-weight: 600;
    margin-top: 0.5rem;
  }
`;
