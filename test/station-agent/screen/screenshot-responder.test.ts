/** The answers to a screenshot command, as the console receives them: always one, valid, never a silent nothing. */
import pino from 'pino';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ScreenshotReplySchema, validate, type Command, type ScreenshotReply } from '../../../shared/index.ts';
import { ScreenshotResponder, type ScreenshotResponderDeps } from '../../../station-agent/screen/screenshot-responder.ts';
import { jpegThumbnail } from '../../../station-agent/screen/thumbnail.ts';

const command = (id: string): Command => ({ v: 1, id, cmd: 'screenshot', expiresAt: '2026-11-29T09:10:00.000Z' });
const AT = new Date('2026-11-29T09:00:00.000Z');

function responder(capture?: ScreenshotResponderDeps['capture']) {
  const replies: ScreenshotReply[] = [];
  const r = new ScreenshotResponder({ stationId: 'ST-0001', kioskId: 'KI-0001', ...(capture ? { capture } : {}), publish: (reply) => void replies.push(reply), logger: pino({ level: 'silent' }), now: () => AT });
  return { r, replies, valid: () => replies.map((reply) => validate(ScreenshotReplySchema, JSON.parse(JSON.stringify(reply))).ok) };
}

describe('screenshot responder', () => {
  it('sends the thumbnail as base64 JPEG with its size, for the command id', async () => {
    const screen = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: { r: 11, g: 61, b: 145 } } }).png().toBuffer();
    const { r, replies, valid } = responder(async () => ({ ...(await jpegThumbnail(screen, false)), blurred: false }));
    await r.answer(command('c1'));
    expect(valid()).toEqual([true]);
    const reply = replies[0]!;
    expect(reply).toMatchObject({ v: 2, id: 'c1', stationId: 'ST-0001', kioskId: 'KI-0001', at: AT.toISOString(), ok: true, blurred: false, image: { type: 'image/jpeg', width: 640, height: 360 } });
    const jpeg = Buffer.from(reply.ok ? reply.image.data : '', 'base64');
    expect((await sharp(jpeg).metadata()).format).toBe('jpeg');
  });

  it('says the station has no screen watchdog, and how to add one', async () => {
    const { r, replies, valid } = responder();
    await r.answer(command('c2'));
    expect(valid()).toEqual([true]);
    expect(replies[0]).toMatchObject({ ok: false, error: 'no-watchdog', detail: expect.stringContaining('"screen" block') });
  });

  it('says why a capture failed, and answers the next command after it', async () => {
    let calls = 0;
    const { r, replies, valid } = responder(async () => {
      calls += 1;
      if (calls === 1) throw new Error('the kiosk browser did not answer over DevTools');
      return { jpeg: Buffer.from('ffd8ffd9', 'hex'), width: 1, height: 1, blurred: true };
    });
    await Promise.all([r.answer(command('c3')), r.answer(command('c4'))]);
    expect(valid()).toEqual([true, true]);
    expect(replies.map((reply) => [reply.id, reply.ok])).toEqual([['c3', false], ['c4', true]]);
    expect(replies[0]).toMatchObject({ error: 'capture-failed', detail: 'the kiosk browser did not answer over DevTools' });
  });
});
