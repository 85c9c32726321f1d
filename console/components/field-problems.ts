/**
 * How the content editors show what the server said about a draft: a text in the
 * console's language, and a field's problems (red) and missing translations (amber)
 * right under that field. The look is `.field-problem` / `.field-warning` in view-styles.
 */
import { html } from 'lit';
import type { LocalizedText } from '../../shared/index.ts';
import type { FieldProblem } from '../data/content-api.ts';
import { getLocale } from '../locales/localization.ts';

/** A server text in the console's current language. */
export const say = (text: LocalizedText): string => (getLocale() === 'zh-CN' ? text.zh : text.en);

/** The problems and warnings that `belongs` assigns to `field`, to render beside it. */
export function besideField(field: string, belongs: (problem: FieldProblem) => boolean, problems: FieldProblem[], warnings: FieldProblem[]) {
  return html`${problems.filter(belongs).map((p) => html`<p class="field-problem" data-field-problem=${field}>${say(p.message)}</p>`)}
  ${warnings.filter(belongs).map((p) => html`<p class="field-warning" data-field-warning=${field}>${say(p.message)}</p>`)}`;
}
