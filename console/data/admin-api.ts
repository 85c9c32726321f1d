/**
 * The console's one client of central's manager API (the admin listener): every view
 * that reads or writes the time bank (Reviews, Reports, Volunteers) calls it through
 * this. The API is on the console's own origin under `/api/` (the demo web server, or
 * the reverse proxy in front of the admin listener, forwards it) unless `base` names
 * another origin; each call carries the manager's sign-in name and password (HTTP
 * Basic) and never cookies. A refusal becomes an `AdminApiError` with the server's own
 * message (`error`), machine reason and, for a bad field, its issues, so a view can show
 * what the server said (a scope refusal says which account may not do what).
 */
import { getLocale } from '../locales/localization.ts';
import { msg } from '@lit/localize';

export interface ManagerCredentials {
  username: string;
  password: string;
}

/** A refused or failed call. `status` 0: central was not reached (no reply at all). */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string | undefined,
    readonly issues: readonly string[],
    /** The whole reply body, for refusals that carry figures (e.g. `balance`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AdminApiError';
  }

  /** The server's message with its issues, e.g. "bad request body: reason: must say why". */
  get detail(): string {
    return [this.message, ...this.issues].join(': ');
  }
}

/**
 * A failed call in the page's language: unreachable and a refused login in words, a
 * refusal central words in both languages (its `message`, e.g. an account's scope) in
 * the page's, else the server's own English message.
 */
export function describeAdminError(err: unknown): string {
  if (err instanceof AdminApiError) {
    if (err.status === 0) return msg('The central service cannot be reached. Check the connection and try again.', { id: 'console.reviews.error.network' });
    if (err.status === 401) return msg('The manager name or password is not accepted by the central service.', { id: 'console.reviews.error.auth' });
    const localized = err.body.message as { zh?: unknown; en?: unknown } | undefined;
    if (typeof localized?.zh === 'string' && typeof localized.en === 'string') return getLocale() === 'zh-CN' ? localized.zh : localized.en;
    return err.detail;
  }
  return String(err);
}

/** `Basic …` for a name and password; btoa takes Latin-1 only, so encode UTF-8 first. */
export function basicAuthorization({ username, password }: ManagerCredentials): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export class AdminApi {
  /** @param base central's admin origin, '' for this page's own origin. */
  constructor(
    private readonly credentials: ManagerCredentials,
    readonly base = '',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private url(path: string): string {
    return `${this.base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** The raw reply of a successful call (for CSV and other non-JSON bodies). */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path), {
        ...init,
        cache: 'no-store',
        credentials: 'omit',
        headers: { authorization: basicAuthorization(this.credentials), accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) },
      });
    } catch (err) {
      throw new AdminApiError(0, `central is not reachable at ${this.base || 'this address'} (${(err as Error).message})`, 'network', []);
    }
    if (!response.ok) {
      const body = ((await response.json().catch(() => undefined)) ?? {}) as Record<string, unknown>;
      const issues = Array.isArray(body.issues) ? body.issues.map(String) : [];
      throw new AdminApiError(response.status, typeof body.error === 'string' ? body.error : `HTTP ${response.status}`, typeof body.reason === 'string' ? body.reason : undefined, issues, body);
    }
    return response;
  }

  async get<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await (await this.fetch(path, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  }

  async put<T>(path: string, body: unknown): Promise<T> {
    return (await (await this.fetch(path, { method: 'PUT', body: JSON.stringify(body) })).json()) as T;
  }
}
