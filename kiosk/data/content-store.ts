/**
 * The last Activities and StationDirectory the broker sent, kept in localStorage so
 * an offline boot still shows them. Keys carry the page path: several kiosks may
 * share one origin. Stored copies are re-validated on read, so a corrupt entry is
 * dropped instead of crashing the screen.
 */
import {
  ActivitiesSchema,
  AnnouncementsSchema,
  PerksSchema,
  RecruitmentSchema,
  RewardsViewSchema,
  StationDirectorySchema,
  validate,
  type Activities,
  type Announcements,
  type Perks,
  type Recruitment,
  type RewardsView,
  type StationDirectory,
} from '../../shared/index.ts';

export interface KioskContent {
  activities?: Activities;
  directory?: StationDirectory;
  /** Protocol v2 star perks, city-wide. */
  perks?: Perks;
  /** Protocol v2: this site's rewards view. */
  rewards?: RewardsView;
  /** Protocol v2: this site's "Join us" panel. */
  recruitment?: Recruitment;
  /** Protocol v2: this site's announcements, every item; the kiosk picks what is due. */
  announcements?: Announcements;
}

type ContentKind = 'activities' | 'directory' | 'perks' | 'rewards' | 'recruitment' | 'announcements';

function keyFor(scope: string, kind: ContentKind): string {
  return `kiosk:${scope}:${kind}`;
}

function read<T>(key: string, schema: Parameters<typeof validate>[0]): T | undefined {
  try {
    const text = localStorage.getItem(key);
    if (text === null) return undefined;
    const checked = validate(schema, JSON.parse(text));
    return checked.ok ? (checked.value as T) : undefined;
  } catch {
    return undefined;
  }
}

export function loadCachedContent(scope: string): KioskContent {
  return {
    activities: read<Activities>(keyFor(scope, 'activities'), ActivitiesSchema),
    directory: read<StationDirectory>(keyFor(scope, 'directory'), StationDirectorySchema),
    perks: read<Perks>(keyFor(scope, 'perks'), PerksSchema),
    rewards: read<RewardsView>(keyFor(scope, 'rewards'), RewardsViewSchema),
    recruitment: read<Recruitment>(keyFor(scope, 'recruitment'), RecruitmentSchema),
    announcements: read<Announcements>(keyFor(scope, 'announcements'), AnnouncementsSchema),
  };
}

export function saveCachedContent(scope: string, kind: ContentKind, value: Activities | StationDirectory | Perks | RewardsView | Recruitment | Announcements): void {
  try {
    localStorage.setItem(keyFor(scope, kind), JSON.stringify(value));
  } catch (err) {
    // Quota or private mode: the screen still has the live copy.
    console.warn(`kiosk: could not cache ${kind}`, err);
  }
}
