/**
 * The one reader of JSON config files, for every wing: text -> JSON -> environment
 * overrides -> schema (plus checks a schema cannot express). It never throws: a
 * failure is a ConfigFileError with a code, naming the file and every problem as
 * `path: message`, and saying what to do. shared/ reads no files itself, so the
 * caller passes `read`: readFileSync in Node, the fetched text in the browser.
 */
import * as v from 'valibot';
import { formatProblem, problemsOf, type Problem } from '../validate.ts';
import { applyEnvOverrides, listEnvOverrides } from './env-overrides.ts';

export type ConfigFileErrorCode = 'CONFIG_FILE_MISSING' | 'CONFIG_FILE_UNREADABLE' | 'CONFIG_FILE_NOT_JSON' | 'CONFIG_INVALID';

/** The path of a problem with the file as a whole rather than a value in it. */
export const WHOLE_FILE = '(file)';

/** `FILE: headline:`, one `path: message` per line, then what to do: the style of every file error. */
export function describeFileProblems(file: string, headline: string, issues: readonly string[], advice: string): string {
  return `${file}: ${headline}:\n${issues.map((issue) => `  ${issue}`).join('\n')}\n${advice}`;
}

const HEADLINES: Record<ConfigFileErrorCode, (count: number) => string> = {
  CONFIG_FILE_MISSING: () => 'config file not found',
  CONFIG_FILE_UNREADABLE: () => 'config file cannot be read',
  CONFIG_FILE_NOT_JSON: () => 'config file is not valid JSON',
  CONFIG_INVALID: (count) => `config is not valid (${count} problem${count === 1 ? '' : 's'})`,
};

export class ConfigFileError extends Error {
  /** Every problem as `path: message`. */
  readonly issues: readonly string[];

  constructor(
    readonly code: ConfigFileErrorCode,
    readonly file: string,
    readonly problems: readonly Problem[],
    /** What to do about it, one sentence. */
    advice: string,
  ) {
    const issues = problems.map(formatProblem);
    super(describeFileProblems(file, HEADLINES[code](problems.length), issues, advice));
    this.issues = issues;
    this.name = 'ConfigFileError';
  }
}

export interface ConfigFileSpec<S extends v.GenericSchema> {
  /** Names the file in every message: a path, or a URL. */
  file: string;
  /** Returns the file's text, or throws; an error with code `ENOENT` means there is no such file. */
  read(): string;
  schema: S;
  /** Where the format is documented, for the advice, e.g. `docs/schemas/agent-config.json`. */
  format?: string;
  /** E.g. `VS_AGENT`: variables `VS_AGENT_<PATH>` in `env` override the file (env-overrides.ts). */
  envPrefix?: string;
  env?: Record<string, string | undefined>;
  /**
   * Checks the schema cannot express. Runs on the input (JSON and overrides) even when
   * the schema fails, so that one run reports every problem.
   */
  check?(input: unknown): Problem[];
}

export type ConfigFileResult<T> = { ok: true; value: T } | { ok: false; error: ConfigFileError };

export function readConfigFile<S extends v.GenericSchema>(spec: ConfigFileSpec<S>): ConfigFileResult<v.InferOutput<S>> {
  const { file, schema, format, envPrefix, env = {} } = spec;
  const fail = (code: ConfigFileErrorCode, problems: Problem[], advice: string) => ({ ok: false as const, error: new ConfigFileError(code, file, problems, advice) });
  const formatNote = format ? ` Its format: ${format}.` : '';

  let text: string;
  try {
    text = spec.read();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    const problem = { path: WHOLE_FILE, message: `cannot read ${file} (${typeof code === 'string' ? code : String((err as Error)?.message ?? err)})` };
    return code === 'ENOENT'
      ? fail('CONFIG_FILE_MISSING', [problem], `Create it, or give the path of the right file.${formatNote}`)
      : fail('CONFIG_FILE_UNREADABLE', [problem], 'Make sure it can be read from here, then try again.');
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail('CONFIG_FILE_NOT_JSON', [{ path: WHOLE_FILE, message: `${file} is not valid JSON (${(err as Error).message})` }], 'Fix the JSON where the parser points, then try again.');
  }

  const input = envPrefix ? applyEnvOverrides(json, schema, env, envPrefix) : json;
  const parsed = v.safeParse(schema, input);
  const problems = [...(parsed.success ? [] : problemsOf(parsed.issues)), ...(spec.check?.(input) ?? [])];
  if (parsed.success && problems.length === 0) return { ok: true, value: parsed.output };

  // A value that came from the environment is not in the file: name its variable.
  const applied = envPrefix ? listEnvOverrides(schema, envPrefix).filter(({ name }) => env[name] !== undefined) : [];
  const setBy = ({ path }: Problem) => applied.find((o) => path === o.path.join('.') || path.startsWith(`${o.path.join('.')}.`))?.name;
  const named = problems.map((problem) => {
    const variable = setBy(problem);
    return variable ? { ...problem, message: `${problem.message} (set by ${variable})` } : problem;
  });
  const where = problems.some(setBy) ? 'in the file, or in the environment variable named beside it' : 'in the file';
  return fail('CONFIG_INVALID', named, `Fix each value above ${where}, then try again.${formatNote}`);
}

/**
 * The problems of a file that another config file names at `path` (central's
 * `stationsFile`), as problems of that path: `stationsFile: cannot read FILE (ENOENT)`,
 * `stationsFile: in FILE, ST-0001.secret: must be ...`.
 */
export function problemsOfNamedFile(path: string, error: ConfigFileError): Problem[] {
  return error.problems.map((problem) => ({ path, message: problem.path === WHOLE_FILE ? problem.message : `in ${error.file}, ${formatProblem(problem)}` }));
}
