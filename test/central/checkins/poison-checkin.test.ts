// A check-in the store cannot record must not hold back the others in its batch.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralStore } from '../../../central/store/central-store.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';
import { startCentralFixture, type CentralFixture } from '../../helpers/central-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

const POISON = randomUUID();

function storeFailingOn(id: string): CentralStore {
  const inner = SqliteStore.open(mkdtempSync(join(tmpdir(), 'central-poison-')));
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'recordCheckIns') {
        return async (...args: Parameters<CentralStore['recordCheckIns']>) => {
          if (args[0].some((request) => request.id === id)) throw new Error('disk says no');
          return target.recordCheckIns(...args);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a check-in the store refuses', () => {
  let f: CentralFixture;
  beforeAll(async () => {
    f = await startCentralFixture({ deps: { store: storeFailingOn(POISON) } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('is logged and left unanswered (so the agent resends), while the rest of its batch is answered', async () => {
    const sent = await Promise.all([
      f.publishCheckIn({ seq: 1, card: { uid: '04A1B2C3', tech: 'em4100' } }),
      f.publishCheckIn({ id: POISON, seq: 2, card: { uid: '55667788', tech: 'em4100' } }),
      f.publishCheckIn({ seq: 3, card: { uid: '11223344', tech: 'em4100' } }),
    ]);
    const good = [sent[0]!.id, sent[2]!.id];
    await eventually(() => (good.every((id) => f.results.some((r) => r.result.id === id)) ? true : undefined), 10_000, 'Results for the good check-ins');
    await eventually(() => f.logLines().find((l) => l.msg === 'recording a check-in failed; the agent will resend' && l.id === POISON), 10_000, 'the failure logged');
    expect(f.results.some((r) => r.result.id === POISON)).toBe(false);
  });
});
