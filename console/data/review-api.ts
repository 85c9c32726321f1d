/**
 * The console's client of the review queue on the manager API (protocol v2 §Time bank:
 * reviews and corrections). The API is on the console's own origin under `/api/` (the
 * demo web server, or the reverse proxy in front of the admin listener, forwards it);
 * it is called with the manager's sign-in name and password (HTTP Basic).
 */
import type { ReviewDecisionRequest, ReviewItemView, ReviewTrailEventView } from '../../shared/index.ts';

export interface ManagerCredentials {
  username: string;
  password: string;
}

export interface ReviewFilter {
  state: 'pending' | 'credited' | 'declined' | 'all';
  site: string;
  olderThanDays: string;
}

/** A refused call: the server's message and, for a bad field, its issues. */
export class ReviewApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string | undefined,
    readonly issues: readonly string[],
  ) {
    super(message);
    this.name = 'ReviewApiError';
  }
}

export interface DecisionReply {
  item: ReviewItemView;
  repeated: boolean;
  balance: number;
}

export class ReviewApi {
  constructor(
    private readonly credentials: ManagerCredentials,
    private readonly base: string = '/api/',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const token = btoa(String.fromCharCode(...new TextEncoder().encode(`${this.credentials.username}:${this.credentials.password}`)));
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, new URL(this.base, document.baseURI)), {
        ...init,
        cache: 'no-store',
        headers: { authorization: `Basic ${token}`, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });
    } catch {
      throw new ReviewApiError(0, 'network', undefined, []);
    }
    const body = (await response.json().catch(() => ({}))) as { error?: string; reason?: string; issues?: string[] };
    if (!response.ok) throw new ReviewApiError(response.status, body.error ?? `HTTP ${response.status}`, body.reason, body.issues ?? []);
    return body as T;
  }

  async list(filter: ReviewFilter): Promise<ReviewItemView[]> {
    const query = new URLSearchParams({ state: filter.state });
    if (filter.site) query.set('site', filter.site);
    if (filter.olderThanDays) query.set('olderThanDays', filter.olderThanDays);
    return (await this.call<{ items: ReviewItemView[] }>(`reviews?${query.toString()}`)).items;
  }

  async detail(itemId: string): Promise<{ item: ReviewItemView; trail: ReviewTrailEventView[] }> {
    return this.call(`reviews/${encodeURIComponent(itemId)}`);
  }

  async decide(itemId: string, decision: ReviewDecisionRequest): Promise<DecisionReply> {
    return this.call(`reviews/${encodeURIComponent(itemId)}/decision`, { method: 'POST', body: JSON.stringify(decision) });
  }
}
