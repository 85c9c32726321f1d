/**
 * The signed-in account's alert email subscriptions (protocol v2 §Alert subscriptions):
 * which addresses get the alerts of which sites, quiet hours, daily digest. Central checks
 * the scope and every field; calls go through the shared admin client.
 */
import type { AlertSubscription } from '../../shared/index.ts';
import { AdminApi, type ManagerCredentials } from './admin-api.ts';

export interface AlertSubscriptionsAnswer {
  account: string;
  /** False: central has no SMTP server configured, so nothing can be saved. */
  emailConfigured: boolean;
  /** The sites this account may choose. */
  sites: string[];
  mayChooseAll: boolean;
  subscriptions: (AlertSubscription & { lastDigestDate?: string })[];
}

export class AlertSubscriptionsApi {
  private readonly api: AdminApi;
  constructor(credentials: ManagerCredentials, base = '') {
    this.api = new AdminApi(credentials, base);
  }

  load(): Promise<AlertSubscriptionsAnswer> {
    return this.api.get<AlertSubscriptionsAnswer>('/api/alert-subscriptions');
  }

  save(subscriptions: readonly AlertSubscription[]): Promise<AlertSubscriptionsAnswer> {
    return this.api.put<AlertSubscriptionsAnswer>('/api/alert-subscriptions', { subscriptions });
  }
}
