/**
 * How the content editors show what the server said about a draft: a text in the
 * console's language, and a field's problems (red) and missing translations (amber)
 * right under that field. The look is `.field-problem` / `.field-warning` in view-styles.
 */
import { msg, str } from '@lit/localize';
import { html } from 'lit';
import type { LocalizedText } from '../../shared/index.ts';
import type { FieldProblem, SaveOutcome } from '../data/content-api.ts';
import { getLocale } from '../locales/localization.ts';

/** A server text in the console's current language. */
export const say = (text: LocalizedText): string => (getLocale() === 'zh-CN' ? text.zh : text.en);

/** The problems and warnings that `belongs` assigns to `field`, to render beside it. */
export function besideField(field: string, belongs: (problem: FieldProblem) => boolean, problems: FieldProblem[], warnings: FieldProblem[]) {
  return html`${problems.filter(belongs).map((p) => html`<p class="field-problem" data-field-problem=${field}>${say(p.message)}</p>`)}
  ${warnings.filter(belongs).map((p) => html`<p class="field-warning" data-field-warning=${field}>${say(p.message)}</p>`)}`;
}

/** What an editor shows after a save: the problems and warnings, and the message above the form. */
export interface SaveView {
  problems: FieldProblem[];
  warnings: FieldProblem[];
  message?: { kind: 'error' | 'notice'; text: () => string };
  published: boolean;
}

/** A save's outcome as an editor shows it: problems beside the fields, a stale version as the server's words, a publish as its version. */
export function saveView(outcome: SaveOutcome): SaveView {
  if (outcome.kind === 'invalid') return { problems: outcome.problems, warnings: outcome.warnings, published: false };
  if (outcome.kind === 'content-changed') {
    const text = say(outcome.message);
    return { problems: [], warnings: [], message: { kind: 'error', text: () => text }, published: false };
  }
  const version = outcome.version;
  return { problems: [], warnings: outcome.warnings, message: { kind: 'notice', text: () => msg(str`Published as version ${version}.`, { id: 'console.content.saved' }) }, published: true };
}
