/**
 * Version ordering for "version behind the newest seen". Versions are compared by
 * their numeric parts (`1.10.0` > `1.9.3`); a pre-release (`1.2.0-rc.1`) sorts
 * before its release, as in SemVer §11.
 */
const collator = new Intl.Collator('en', { numeric: true });

export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = splitPrerelease(a);
  const [coreB = '', preB] = splitPrerelease(b);
  const partsA = coreA.split('.');
  const partsB = coreB.split('.');
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const order = collator.compare(partsA[i] ?? '0', partsB[i] ?? '0');
    if (order !== 0) return Math.sign(order);
  }
  if (preA === undefined && preB === undefined) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return Math.sign(collator.compare(preA, preB));
}

function splitPrerelease(version: string): [string, string | undefined] {
  const clean = version.trim().replace(/^v/i, '').split('+')[0] ?? '';
  const dash = clean.indexOf('-');
  return dash < 0 ? [clean, undefined] : [clean.slice(0, dash), clean.slice(dash + 1)];
}

/** The newest of the given versions, or undefined when there are none. */
export function newestVersion(versions: Iterable<string>): string | undefined {
  return newestVersionOf(versions, (version) => version);
}

/** The newest version `pick` finds in `items` (an empty or absent version counts as none). */
export function newestVersionOf<T>(items: Iterable<T>, pick: (item: T) => string | undefined): string | undefined {
  let newest: string | undefined;
  for (const item of items) {
    const version = pick(item);
    if (version && (newest === undefined || compareVersions(version, newest) > 0)) newest = version;
  }
  return newest;
}
