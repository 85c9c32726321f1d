/**
 * The programme's figures (protocol v2 §Time bank: reports), read from sessions.
 * A service event (场次) is one closed session that is not waiting for review and has
 * minutes to credit: an auto-closed or clock-flagged session counts once a manager has
 * credited it, never before. Hours are the minutes of those sessions. A session with no
 * category counts under DEFAULT_SERVICE_CATEGORY.
 */
import type { ServiceCategoryId } from '../../shared/index.ts';

export interface ServiceFigureQuery {
  /** Inclusive local dates `YYYY-MM-DD`. */
  fromDate: string;
  toDate: string;
  /** Only sessions at these stations (a site's stations); absent: every station. */
  stationIds?: readonly string[];
  /** Only sessions of this team's members (volunteers.team_id); absent: everyone. */
  teamId?: string;
  volunteerId?: string;
}

/** One group of sessions: a month, a station, a category and the volunteer's team. */
export interface ServiceFigureRow {
  /** `YYYY-MM` of the session's local date. */
  month: string;
  stationId: string;
  category: ServiceCategoryId;
  /** null: the volunteer belongs to no team. */
  teamId: string | null;
  minutes: number;
  events: number;
}

export interface VolunteerTotal {
  volunteerId: string;
  /** Full name: callers mask it (maskName) before it leaves central, except on a certificate. */
  name: string;
  minutes: number;
  events: number;
}

export interface ReportStore {
  serviceFigures(query: ServiceFigureQuery): Promise<ServiceFigureRow[]>;
  /** Most minutes first, then volunteer id; at most `limit`. */
  topVolunteers(query: ServiceFigureQuery, limit: number): Promise<VolunteerTotal[]>;
  /** Team ids and names, for labels. */
  teams(): Promise<{ id: string; name: string }[]>;
}
