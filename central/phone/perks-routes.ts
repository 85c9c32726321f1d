/**
 * `GET /phone/api/perks` on the public listener: the star perks as published on `R/perks`
 * (protocol v2). Public information, so any phone may read it; `perks: null` until
 * central has received a copy.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Perks } from '../../shared/index.ts';
import { sendJson } from '../http/http-helpers.ts';

export interface PerksRouteDeps {
  perks: { readonly perks: Perks | undefined };
}

export const perksRoutes: FastifyPluginAsync<PerksRouteDeps> = async (app, { perks }) => {
  app.get('/phone/api/perks', async (_request, reply) => sendJson(reply, 200, { ok: true, perks: perks.perks ?? null }));
};
