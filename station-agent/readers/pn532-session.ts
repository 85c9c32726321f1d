/**
 * The PN532 host loop over HSU (NXP UM0701-02, PN532 User Manual): wake-up and
 * SAMConfiguration, GetFirmwareVersion, RFConfiguration with a finite
 * MxRtyPassiveActivation (the default 0xFF would block InListPassiveTarget forever
 * with no card), then InListPassiveTarget polls. Every command has a host-side
 * timeout; a PN532 that stops answering (including the GetFirmwareVersion heartbeat)
 * fails the session so the supervisor reopens the port.
 */
import { AgentError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CardRead, FrameErrorKind } from './card-read.ts';
import { PN532_WAKEUP, Pn532Frame, TFI_PN532_TO_HOST } from './pn532-frame.ts';
import { Pn532Parser, type Pn532Message } from './pn532-parser.ts';
import type { SerialPortLike } from './serial-port.ts';

export const PN532_CMD = {
  GetFirmwareVersion: 0x02,
  SAMConfiguration: 0x14,
  RFConfiguration: 0x32,
  InListPassiveTarget: 0x4a,
} as const;

/** RFConfiguration CfgItem 0x05 (MaxRetries): MxRtyATR, MxRtyPSL, MxRtyPassiveActivation. */
export const MAX_RETRIES_CONFIG = [0x05, 0xff, 0x01, 0x02] as const;

export interface Pn532SessionDeps {
  port: SerialPortLike;
  logger: Logger;
  pollIntervalMs: number;
  heartbeatMs: number;
  /** Host-side timeout for each command's response. */
  responseTimeoutMs?: number;
  onRead(read: CardRead): void;
  onFrameError(kind: FrameErrorKind): void;
  fail(reason: string): void;
}

/** Parses an InListPassiveTarget response (after the 0x4B code) for 106 kbps type A: the uid, or null. */
export function uidFromInListResponse(params: Buffer): string | null {
  // NbTg, Tg, SENS_RES (2), SEL_RES, NFCIDLength, NFCID1…
  if (params[0] !== 1 || params.length < 6) return null;
  const length = params[5]!;
  if (![4, 7, 10].includes(length) || params.length < 6 + length) return null;
  return params.subarray(6, 6 + length).toString('hex').toUpperCase();
}

export class Pn532Session {
  private stopped = false;
  private waiter: { code: number; resolve(data: Buffer): void; reject(err: Error): void } | null = null;
  private readonly parser: Pn532Parser;
  private present: string | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: Pn532SessionDeps) {
    this.parser = new Pn532Parser({ onFrameError: deps.onFrameError });
  }

  start(): void {
    this.parser.on('data', (message: Pn532Message) => this.onMessage(message));
    this.deps.port.pipe(this.parser);
    this.run().catch((err: Error) => {
      if (!this.stopped) this.deps.fail(err.message);
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.waiter?.reject(new Error('session stopped'));
    this.deps.port.unpipe(this.parser);
    this.parser.destroy();
  }

  private async run(): Promise<void> {
    const { logger } = this.deps;
    this.deps.port.write(PN532_WAKEUP);
    await this.command(PN532_CMD.SAMConfiguration, [0x01, 0x14, 0x01]);
    const firmware = await this.command(PN532_CMD.GetFirmwareVersion);
    logger.info({ ic: firmware[0], version: `${firmware[1]}.${firmware[2]}` }, 'PN532 ready');
    await this.command(PN532_CMD.RFConfiguration, [...MAX_RETRIES_CONFIG]);
    let lastHeartbeat = Date.now();
    while (!this.stopped) {
      const response = await this.command(PN532_CMD.InListPassiveTarget, [0x01, 0x00]);
      const uid = uidFromInListResponse(response);
      if (uid !== null) {
        const held = this.present === uid;
        if (!held) logger.debug({ uid }, 'card present');
        this.present = uid;
        this.deps.onRead({ uid, tech: 'iso14443a', held });
      } else {
        if (this.present !== null) logger.debug({ uid: this.present }, 'card removed');
        this.present = null;
        if (Date.now() - lastHeartbeat >= this.deps.heartbeatMs) {
          await this.command(PN532_CMD.GetFirmwareVersion);
          lastHeartbeat = Date.now();
        }
      }
      await this.sleep(this.deps.pollIntervalMs);
    }
  }

  /** Sends one command and resolves with the response's parameters (after the response code). */
  private command(code: number, params: readonly number[] = []): Promise<Buffer> {
    if (this.stopped) return Promise.reject(new Error('session stopped'));
    const timeoutMs = this.deps.responseTimeoutMs ?? 1000;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        this.parser.reset();
        this.deps.onFrameError('timeout');
        reject(new AgentError('PN532_TIMEOUT', `PN532 did not answer command 0x${code.toString(16)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        code,
        resolve: (data) => {
          clearTimeout(timer);
          this.waiter = null;
          resolve(data);
        },
        reject: (err) => {
          clearTimeout(timer);
          this.waiter = null;
          reject(err);
        },
      };
      this.deps.port.write(Pn532Frame.command(code, params).toBuffer());
    });
  }

  private onMessage(message: Pn532Message): void {
    const waiter = this.waiter;
    if (message.kind === 'ack' || !waiter) return;
    if (message.kind === 'nack') return waiter.reject(new AgentError('PN532_BAD_RESPONSE', 'PN532 sent NACK'));
    const { frame } = message;
    if (frame.tfi !== TFI_PN532_TO_HOST || frame.code !== waiter.code + 1) {
      // 0x7F is the PN532 syntax-error frame (UM0701-02 §6.2.1.5).
      this.deps.onFrameError('malformed');
      if (frame.tfi === 0x7f) waiter.reject(new AgentError('PN532_BAD_RESPONSE', 'PN532 reported a syntax error'));
      return;
    }
    waiter.resolve(frame.data.subarray(1));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => (this.sleepTimer = setTimeout(resolve, ms)));
  }
}
