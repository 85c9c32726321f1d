/**
 * Design tokens: big, calm, high contrast (every text pair ≥ 4.5:1, checked by axe in
 * the tests). Sizes are in rem so the large-text switch scales everything at once.
 */
import { css } from 'lit';

export const theme = css`
  :host {
    --ink: #17202a;
    --ink-soft: #3d4852;
    --paper: #f6f4ef;
    --card: #ffffff;
    --line: #c9c4b8;
    --primary: #0b4f8a;
    --primary-ink: #ffffff;
    --ok: #1d6b35;
    --warn: #7a4600;
    --bad: #a3161a;
    --info: #0b4f8a;
    --radius: 1rem;
    --gap: 1rem;
    --touch-primary: 60px;
    --touch: 44px;
    color: var(--ink);
    font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif;
    line-height: 1.4;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 4px solid #f0b400;
    outline-offset: 2px;
  }
  h1, h2, h3, p {
    margin: 0;
  }
`;
