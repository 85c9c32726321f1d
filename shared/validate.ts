/** One way to validate anything against a shared schema and report every problem as `path: message`. */
import * as v from 'valibot';

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** One problem: a dot path into the value (`(root)` for the value itself) and what is wrong there. */
export interface Problem {
  path: string;
  message: string;
}

export function problemsOf(issues: readonly v.BaseIssue<unknown>[]): Problem[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '(root)', message: issue.message }));
}

export function formatProblem({ path, message }: Problem): string {
  return `${path}: ${message}`;
}

export function formatIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return problemsOf(issues).map(formatProblem);
}

export function validate<S extends v.GenericSchema>(schema: S, input: unknown): Validated<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  return result.success ? { ok: true, value: result.output } : { ok: false, issues: formatIssues(result.issues) };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** For MQTT payloads and files: bytes or text -> JSON -> schema, never throwing. */
export function parseJson<S extends v.GenericSchema>(schema: S, payload: Uint8Array | string): Validated<v.InferOutput<S>> {
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : decoder.decode(payload);
  } catch {
    return { ok: false, issues: ['(root): payload is not valid UTF-8'] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [`(root): not valid JSON (${(err as Error).message})`] };
  }
  return validate(schema, json);
}
