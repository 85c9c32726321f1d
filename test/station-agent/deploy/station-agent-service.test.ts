/** The agent's systemd unit: nothing it creates is readable by others (the outbox holds full card uids). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasSystemdAnalyze, serviceSettings, systemdComplaints } from '../../helpers/systemd-unit.ts';

const UNIT = fileURLToPath(new URL('../../../station-agent/deploy/station-agent.service', import.meta.url));

describe('station-agent.service', () => {
  it('sets UMask=0077 and a 0700 state directory', () => {
    const service = serviceSettings(UNIT);
    expect([service.get('UMask'), service.get('StateDirectoryMode')]).toEqual(['0077', '0700']);
  });

  it.skipIf(!hasSystemdAnalyze)('passes systemd-analyze verify', () => {
    expect(systemdComplaints(UNIT)).toEqual([]);
  });
});
