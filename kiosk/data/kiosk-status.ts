/** KioskStatus payloads (protocol v1 §Payloads): retained, with the same Last Will rules as a station. */
import type { KioskStatus } from '../../shared/index.ts';

export type ServiceWorkerState = NonNullable<KioskStatus['serviceWorker']>['state'];

export interface KioskStatusFacts {
  kioskId: string;
  stationId: string;
  siteId: string;
  appVersion: string;
  serviceWorker: { state: ServiceWorkerState; version?: string };
  activitiesUpdatedAt?: string;
  directoryUpdatedAt?: string;
  screen: string;
  persisted: boolean;
  /** Protocol v2: the display schedule's state (shared/display-schedule.ts). */
  display?: { state: 'on' | 'sleeping'; since: string };
}

export function onlineStatus(facts: KioskStatusFacts, now: Date): KioskStatus {
  return {
    v: 1,
    state: 'online',
    at: now.toISOString(),
    kioskId: facts.kioskId,
    stationId: facts.stationId,
    siteId: facts.siteId,
    app: { version: facts.appVersion },
    serviceWorker: facts.serviceWorker,
    content: { activitiesUpdatedAt: facts.activitiesUpdatedAt, directoryUpdatedAt: facts.directoryUpdatedAt },
    screen: facts.screen,
    storage: { persisted: facts.persisted },
    ...(facts.display ? { display: facts.display } : {}),
  };
}

/** Fixed at connect time, so it carries no `at`. */
export function lastWill(kioskId: string, stationId: string): KioskStatus {
  return { v: 1, state: 'offline', reason: 'lost', kioskId, stationId };
}
