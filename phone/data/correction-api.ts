/**
 * The volunteer's corrections on central (protocol v2 §Time bank: reviews and corrections):
 * own requests with their outcomes, and asking for one. Like phone-api.ts, every function
 * resolves: a refusal or a lost connection is an answer the screen shows.
 */
import type { CorrectionKind, CorrectionView, LocalizedText } from '../../shared/index.ts';

export interface CorrectableSession {
  id: string;
  stationId: string;
  stationName?: LocalizedText;
  startedAt: string;
  endedAt: string;
  minutes: number;
  needsReview: boolean;
}

export interface CorrectionsReply {
  corrections: CorrectionView[];
  sessions: CorrectableSession[];
  stations: { id: string; name: LocalizedText }[];
}

export interface CorrectionAsk {
  requestId: string;
  kind: CorrectionKind;
  sessionId?: string;
  stationId?: string;
  startedAt?: string;
  endedAt: string;
  note?: string;
}

export type CorrectionAnswer<T> = ({ ok: true } & T) | { ok: false; reason: string; message: LocalizedText; issues?: string[] };

const OFFLINE = { ok: false as const, reason: 'offline', message: { zh: '连接不上服务。请检查网络后再试。', en: 'Could not reach the service. Check your connection and try again.' } };

async function call<T>(method: 'GET' | 'POST', body?: unknown): Promise<CorrectionAnswer<T>> {
  let response: Response;
  try {
    response = await fetch('/phone/api/corrections', {
      method,
      credentials: 'same-origin',
      headers: body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    return OFFLINE;
  }
  const parsed = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!parsed) return OFFLINE;
  if (response.ok) return { ok: true, ...(parsed as T) };
  if (typeof parsed.reason === 'string' && parsed.message) return parsed as unknown as CorrectionAnswer<T>;
  const issues = Array.isArray(parsed.issues) ? (parsed.issues as string[]) : [];
  return { ok: false, reason: 'invalid', message: { zh: '请检查填写的内容。', en: 'Check what you entered.' }, issues };
}

export const correctionApi = {
  list: () => call<CorrectionsReply>('GET'),
  ask: (ask: CorrectionAsk) => call<{ correction: CorrectionView; repeated: boolean; message: LocalizedText }>('POST', ask),
};

export type CorrectionApi = typeof correctionApi;
