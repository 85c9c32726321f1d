import { describe, expect, it } from 'vitest';
import { compareVersions, newestVersion } from '../../shared/versions.ts';

describe('compareVersions', () => {
  it('orders by numeric parts, not by text', () => {
    expect(compareVersions('1.10.0', '1.9.3')).toBe(1);
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
    expect(compareVersions('v2.0.0', '2.0.0')).toBe(0);
    expect(compareVersions('0.9.9', '1.0.0')).toBe(-1);
  });

  it('puts a pre-release before its release (SemVer §11)', () => {
    expect(compareVersions('1.2.0-rc.1', '1.2.0')).toBe(-1);
    expect(compareVersions('1.2.0-rc.2', '1.2.0-rc.10')).toBe(-1);
  });

  it('finds the newest of many, or nothing', () => {
    expect(newestVersion(['1.0.0', '1.10.0', '1.9.0'])).toBe('1.10.0');
    expect(newestVersion([])).toBeUndefined();
  });
});
