/**
 * The console's client of the time bank's manager API (protocol v2 §Time bank: points
 * rules, stars, teams and the passbook), through the shared admin client (admin-api.ts).
 */
import { AdminApi, type ManagerCredentials } from './admin-api.ts';

export interface BankLedgerEntry {
  id: number;
  kind: 'earned' | 'adjusted' | 'redeemed' | 'reversed' | 'expired';
  points: number;
  balanceAfter: number;
  at: string;
  reversesId?: number;
  actor?: string;
  reason?: string;
}

export interface LedgerPage {
  entries: BankLedgerEntry[];
  nextBeforeId?: number;
}

export interface StarApplicationView {
  id: string;
  volunteerId: string;
  displayName?: string;
  star: number;
  minutes: number;
  appliedAt: string;
  status: 'pending' | 'approved' | 'declined';
}

export interface VolunteerRecord {
  volunteer: { id: string; displayName: string; teamId?: string };
  balance: number;
  star: { awarded: number; eligibleStar: number | null; pendingApplication: StarApplicationView | null };
  hours: { totalMinutes: number; sessions: number };
  ledger: LedgerPage;
}

export class BankApi {
  private readonly api: AdminApi;

  constructor(credentials: ManagerCredentials, base = '', fetchImpl?: typeof fetch) {
    this.api = new AdminApi(credentials, base, fetchImpl);
  }

  volunteer(id: string): Promise<VolunteerRecord> {
    return this.api.get(`/api/bank/volunteers/${encodeURIComponent(id)}`);
  }

  ledger(id: string, beforeId: number): Promise<LedgerPage> {
    return this.api.get(`/api/bank/volunteers/${encodeURIComponent(id)}/ledger?before=${beforeId}`);
  }

  adjust(id: string, body: { requestId: string; points: number; reason: string }): Promise<{ entry: BankLedgerEntry; repeated: boolean }> {
    return this.api.post(`/api/bank/volunteers/${encodeURIComponent(id)}/adjustments`, body);
  }

  reverse(entryId: number, body: { requestId: string; reason: string }): Promise<{ entry: BankLedgerEntry; repeated: boolean }> {
    return this.api.post(`/api/bank/entries/${entryId}/reversal`, body);
  }

  async pendingApplications(): Promise<StarApplicationView[]> {
    return (await this.api.get<{ applications: StarApplicationView[] }>('/api/bank/star-applications?status=pending')).applications;
  }

  decide(applicationId: string, body: { decision: 'approve' | 'decline'; reason?: string }): Promise<{ application: StarApplicationView; star: number }> {
    return this.api.post(`/api/bank/star-applications/${encodeURIComponent(applicationId)}/decision`, body);
  }
}
