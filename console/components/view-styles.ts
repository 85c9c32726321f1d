/**
 * The look the console's working views share (Reviews, Volunteers, Redemption desk):
 * the scrolling host, a heading row, labelled fields with 44 px touch targets, tables,
 * and the words for an error or a done write. A view adds only its own rules after it.
 */
import { css } from 'lit';

export const viewStyles = css`
  :host {
    display: block;
    padding: 1rem;
    overflow: auto;
    flex: 1;
  }
  .heading {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    align-items: center;
    justify-content: space-between;
  }
  h2 {
    margin: 0;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem;
    align-items: end;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    font-weight: 600;
  }
  input,
  select,
  textarea,
  button {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    padding: 0.25rem 0.5rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid #c9ced6;
    vertical-align: top;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .error {
    color: #a4000f;
    font-weight: 700;
  }
  .notice,
  .ok {
    color: #0b5a1e;
    font-weight: 700;
  }
  .field-problem,
  .field-warning {
    margin: 0.2rem 0 0;
    font-size: 0.95rem;
  }
  .field-problem {
    color: #a4001d;
  }
  .field-warning {
    color: #6b4e00;
  }
`;
