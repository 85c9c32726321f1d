/**
 * Photo upload (protocol v2 §Media), admin listener, HTTP Basic:
 *   POST /api/media           raw body, Content-Type image/jpeg|png|webp, at most PHOTO_MAX_BYTES:
 *                             checked, turned upright, resized to MEDIA_WIDTHS as WebP without
 *                             metadata, stored by media id; `{id, sizes: [{width, height, bytes}]}`
 *   GET  /api/media/{id}?w=   one width (the widest without `w`), immutable: the id is its content
 * Site staff and city managers upload; team leaders edit no content. Kiosks get the bytes
 * over MQTT when a content version shows the photo (content-versions.ts), never from here.
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import * as v from 'valibot';
import { isMediaId, MEDIA_CONTENT_TYPE, type LocalizedText } from '../../shared/index.ts';
import { PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, PHOTO_UPLOAD_TYPES, resizePhoto } from '../media/photo-resize.ts';
import type { CentralStore } from '../store/central-store.ts';
import type { ManagerAuthenticator } from './basic-auth.ts';
import { HttpError, queryOf, sendJson } from './http-helpers.ts';
import { roleRefusal } from './manager-scope.ts';

export interface MediaRouteDeps {
  store: Pick<CentralStore, 'media'>;
  auth: Pick<ManagerAuthenticator, 'principal'>;
  now?: () => Date;
}

const MB = PHOTO_MAX_BYTES / (1024 * 1024);

function refuse(reply: FastifyReply, status: number, reason: string, message: LocalizedText): FastifyReply {
  return sendJson(reply, status, { error: message.en, reason, message });
}

const TOO_LARGE: LocalizedText = { zh: `照片超过 ${MB} MB，未上传。请先缩小或压缩照片再上传。`, en: `The photo is larger than ${MB} MB and was not uploaded. Make it smaller (resize or compress it) and upload it again.` };
const notAPhoto = (what: string): LocalizedText => ({
  zh: `这不是可用的照片（${what}），未上传。请上传 JPEG、PNG 或 WebP 格式的照片。`,
  en: `This is not a photo we can use (${what}); nothing was uploaded. Upload a JPEG, PNG or WebP photo.`,
});
const TOO_MANY_PIXELS: LocalizedText = {
  zh: `照片像素过多（超过 ${PHOTO_MAX_PIXELS / 1_000_000} 百万像素），未上传。请缩小尺寸后再上传。`,
  en: `The photo has more than ${PHOTO_MAX_PIXELS / 1_000_000} megapixels and was not uploaded. Resize it and upload it again.`,
};

const WidthQuerySchema = v.strictObject({ w: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,4}$/, 'must be a width in pixels'), v.transform(Number))) }, 'is not a known parameter (known: w)');

export const mediaRoutes: FastifyPluginAsync<MediaRouteDeps> = async (app, deps) => {
  // Scoped to this plugin: the photo arrives as raw bytes, whatever its header says; the handler decides.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(reply, 413, 'photo-too-large', TOO_LARGE);
    throw error;
  });

  app.post('/api/media', { bodyLimit: PHOTO_MAX_BYTES }, async (request, reply) => {
    const principal = await deps.auth.principal(request);
    if (principal.role === 'team-leader') throw roleRefusal(`the account "${principal.name}" is a team leader; photos are uploaded by site staff and city managers`, { zh: `账号“${principal.name}”是团队负责人：照片由站点工作人员和市级管理员上传。`, en: `The account "${principal.name}" is a team leader; photos are uploaded by site staff and city managers.` });
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(PHOTO_UPLOAD_TYPES as readonly string[]).includes(type)) return refuse(reply, 415, 'not-a-photo', notAPhoto(`Content-Type ${type || 'missing'}`));
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) return refuse(reply, 415, 'not-a-photo', notAPhoto('empty'));
    const photo = await resizePhoto(body);
    if (!photo.ok) return photo.reason === 'too-many-pixels' ? refuse(reply, 413, 'photo-too-many-pixels', TOO_MANY_PIXELS) : refuse(reply, 415, 'not-a-photo', notAPhoto(photo.detail));
    const { created } = await deps.store.media.put({
      id: photo.id,
      contentType: MEDIA_CONTENT_TYPE,
      variants: photo.variants,
      by: `manager:${principal.name}`,
      createdAtMs: (deps.now?.() ?? new Date()).getTime(),
    });
    return sendJson(reply, created ? 201 : 200, { id: photo.id, created, sizes: await deps.store.media.sizes(photo.id) });
  });

  app.get<{ Params: { id: string } }>('/api/media/:id', async (request, reply) => {
    const principal = await deps.auth.principal(request);
    if (principal.role === 'team-leader') throw roleRefusal(`the account "${principal.name}" is a team leader; photos are for site staff and city managers`, { zh: `账号“${principal.name}”是团队负责人：照片仅供站点工作人员和市级管理员使用。`, en: `The account "${principal.name}" is a team leader; photos are for site staff and city managers.` });
    const { id } = request.params;
    if (!isMediaId(id)) throw new HttpError(404, `no photo has the id ${JSON.stringify(id)}: a media id is 64 hex digits from POST /api/media`);
    const { w } = queryOf(request, WidthQuerySchema);
    const photo = await deps.store.media.get(id, w);
    if (!photo) throw new HttpError(404, w === undefined ? `no photo has the id ${id}` : `photo ${id} has no width ${w}; its widths: ${(await deps.store.media.sizes(id)).map((s) => s.width).join(', ') || 'none (unknown id)'}`);
    return reply.code(200).headers({ 'content-type': photo.contentType, 'cache-control': 'private, max-age=31536000, immutable' }).send(photo.bytes);
  });
};
