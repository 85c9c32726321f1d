// Central keeps the latest valid star perks for phones; an invalid payload is dropped and the last good copy stays.
import { describe, expect, it } from 'vitest';
import { PerksBoard } from '../../../central/content/perks-board.ts';
import type { CentralMqtt } from '../../../central/mqtt/central-mqtt.ts';
import { createCentralLogger } from '../../../central/observability/logger.ts';
import { perksRoutes } from '../../../central/phone/perks-routes.ts';
import { createCentralApp, PUBLIC_HTTP_LIMITS } from '../../../central/http/central-app.ts';
import { topicsFor } from '../../../shared/index.ts';

const perks = { v: 1, updatedAt: '2026-12-01T00:00:00.000Z', items: [{ id: 'bus', partner: { zh: '公交', en: 'Bus' }, offer: { zh: '免费', en: 'Free' }, minStar: 1 }] };

describe('perks board and GET /phone/api/perks', () => {
  it('serves null before any copy, then the latest valid one, keeping it over an invalid one', async () => {
    const subscribed: string[] = [];
    const mqtt = { subscribe: (filter: string) => subscribed.push(filter) } as unknown as CentralMqtt;
    const log = createCentralLogger('silent');
    const board = new PerksBoard({ mqtt, topics: topicsFor('vs/v1'), log });
    board.start();
    expect(subscribed).toEqual(['vs/v1/perks']);
    const app = createCentralApp({ log, limits: PUBLIC_HTTP_LIMITS });
    app.register(perksRoutes, { perks: board });
    expect((await app.inject({ method: 'GET', url: '/phone/api/perks' })).json()).toEqual({ ok: true, perks: null });
    board.receive('vs/v1/perks', JSON.stringify(perks));
    board.receive('vs/v1/perks', JSON.stringify({ ...perks, items: [{ ...perks.items[0], minStar: 9 }] }));
    expect((await app.inject({ method: 'GET', url: '/phone/api/perks' })).json()).toEqual({ ok: true, perks });
    await app.close();
  });
});
