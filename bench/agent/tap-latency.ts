/**
 * Tap latency: from the last byte of an RDM6300 frame written to the pty to the
 * broker's PUBACK of the CheckIn, and to the Result from a central stand-in, over
 * N sequential taps. The agent runs in this process (to see PUBACK); the emulator
 * writes on the other end of a real socat pty; Mosquitto is real.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AgentConfigSchema, validate } from '../../shared/index.ts';
import { startAgent } from '../../station-agent/main.ts';
import { startCentralDouble } from '../../test/helpers/central-double.ts';
import type { MosquittoBroker } from '../../test/helpers/mosquitto.ts';
import { createPtyPair } from '../../test/helpers/pty.ts';
import { openRdm6300Emulator, rdm6300FrameBytes } from '../../test/helpers/rdm6300-emulator.ts';

import { summarise } from './stats.ts';
import { eventually } from '../../test/helpers/eventually.ts';

export async function benchTapLatency(broker: MosquittoBroker, taps: number) {
  const pty = await createPtyPair();
  const central = await startCentralDouble(broker.url, 'BENCH-TAP');
  const config = validate(AgentConfigSchema, {
    stationId: 'BENCH-TAP',
    siteId: 'SITE-01',
    broker: { url: broker.url },
    reader: { driver: 'rdm6300', path: pty.devicePath },
    dataDir: mkdtempSync(join(tmpdir(), 'bench-tap-')),
    debounceMs: 0,
    http: { port: 0 },
    logLevel: 'warn',
  });
  if (!config.ok) throw new Error(config.issues.join('\n'));
  let pubackAt = 0;
  let resultAt = 0;
  const agent = await startAgent({
    config: config.value,
    logger: pino({ level: 'warn' }, pino.destination(2)),
    observe: { puback: () => (pubackAt = performance.now()), settled: () => (resultAt = performance.now()) },
  });
  const emulator = await openRdm6300Emulator(pty.emulatorPath);
  await eventually(() => central.other.some((m) => m.topic.endsWith('/status')), 15_000, 'agent online');
  await new Promise((r) => setTimeout(r, 500));
  const toPuback: number[] = [];
  const toResult: number[] = [];
  for (let i = 0; i < taps; i++) {
    pubackAt = resultAt = 0;
    const frame = rdm6300FrameBytes(`0A${i.toString(16).toUpperCase().padStart(8, '0')}`);
    const written = new Promise<number>((resolve) => emulator.port.write(frame, () => emulator.port.drain(() => resolve(performance.now()))));
    const lastByteAt = await written;
    await eventually(() => resultAt > 0 && pubackAt > 0, 10_000, `tap ${i}`);
    toPuback.push(pubackAt - lastByteAt);
    toResult.push(resultAt - lastByteAt);
  }
  await emulator.close();
  await agent.stop();
  await central.close();
  await pty.close();
  return { toPuback: summarise(toPuback), toResult: summarise(toResult) };
}
