/**
 * The console's client of the review queue on the manager API (protocol v2 §Time bank:
 * reviews and corrections), through the shared admin client (admin-api.ts).
 */
import type { ReviewDecisionRequest, ReviewItemView, ReviewTrailEventView } from '../../shared/index.ts';
import { AdminApi, type ManagerCredentials } from './admin-api.ts';

export { AdminApiError as ReviewApiError, type ManagerCredentials } from './admin-api.ts';

export interface ReviewFilter {
  state: 'pending' | 'credited' | 'declined' | 'all';
  site: string;
  olderThanDays: string;
}

export interface DecisionReply {
  item: ReviewItemView;
  repeated: boolean;
  balance: number;
}

export class ReviewApi {
  private readonly api: AdminApi;

  /** @param base central's admin origin, '' for this page's own origin. */
  constructor(credentials: ManagerCredentials, base = '', fetchImpl?: typeof fetch) {
    this.api = new AdminApi(credentials, base, fetchImpl);
  }

  async list(filter: ReviewFilter): Promise<ReviewItemView[]> {
    const query = new URLSearchParams({ state: filter.state });
    if (filter.site) query.set('site', filter.site);
    if (filter.olderThanDays) query.set('olderThanDays', filter.olderThanDays);
    return (await this.api.get<{ items: ReviewItemView[] }>(`/api/reviews?${query.toString()}`)).items;
  }

  async detail(itemId: string): Promise<{ item: ReviewItemView; trail: ReviewTrailEventView[] }> {
    return this.api.get(`/api/reviews/${encodeURIComponent(itemId)}`);
  }

  async decide(itemId: string, decision: ReviewDecisionRequest): Promise<DecisionReply> {
    return this.api.post(`/api/reviews/${encodeURIComponent(itemId)}/decision`, decision);
  }
}
