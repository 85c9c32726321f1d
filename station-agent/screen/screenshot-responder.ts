/**
 * Answers the console's `screenshot` command (protocol v2, shared/payloads/screenshot.ts):
 * a thumbnail from the screen watchdog, or a clear failure when this station has no
 * watchdog or the capture fails. One capture at a time; the answer is never retained.
 */
import type { Command, ScreenshotReply } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Thumbnail } from './thumbnail.ts';

export interface ScreenshotResponderDeps {
  stationId: string;
  kioskId?: string | undefined;
  /** Absent: the agent config has no `screen` block. */
  capture?: () => Promise<Thumbnail & { blurred: boolean }>;
  publish(reply: ScreenshotReply): void;
  logger: Logger;
  now?: () => Date;
}

export class ScreenshotResponder {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScreenshotResponderDeps) {}

  /** Resolves once the answer is handed to MQTT. */
  answer(command: Command): Promise<void> {
    this.queue = this.queue.then(() => this.reply(command.id));
    return this.queue;
  }

  private async reply(id: string): Promise<void> {
    const { stationId, kioskId, capture, logger } = this.deps;
    const base = { v: 2 as const, id, stationId, ...(kioskId ? { kioskId } : {}) };
    if (!capture) {
      logger.warn({ id }, 'screenshot asked for, but this agent has no screen watchdog (no "screen" block in agent.json)');
      return this.deps.publish({ ...base, at: this.now(), ok: false, error: 'no-watchdog', detail: 'this station has no screen watchdog: add a "screen" block to agent.json (docs/deploy.md §Screen watchdog)' });
    }
    try {
      const shot = await capture();
      logger.info({ id, bytes: shot.jpeg.length, blurred: shot.blurred }, 'screenshot sent');
      this.deps.publish({ ...base, at: this.now(), ok: true, image: { type: 'image/jpeg', width: shot.width, height: shot.height, data: shot.jpeg.toString('base64') }, blurred: shot.blurred });
    } catch (err) {
      logger.warn({ id, err }, 'screenshot failed');
      this.deps.publish({ ...base, at: this.now(), ok: false, error: 'capture-failed', detail: (err as Error).message.slice(0, 500) });
    }
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}
