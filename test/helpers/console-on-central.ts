/**
 * The world most console browser tests run in: a real Mosquitto (with WebSockets), a
 * real central on it (central-fixture.ts), the built console served with the demo
 * manager's login (console-server.ts) and Chromium. `useConsoleOnCentral` starts it in
 * the file's beforeAll and stops it in its afterAll; the tests read its parts through
 * getters once it is up.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { topicsFor, type ContentFile } from '../../shared/index.ts';
import { publishContentVersion } from '../../central/content/content-versions.ts';
import { MANAGER, startCentralFixture, type CentralFixture, type FixtureOptions } from './central-fixture.ts';
import { connectClient, onlineStationStatus, publishRetained } from './console-harness.ts';
import { startConsoleServer, type ConsoleServer } from './console-server.ts';
import { launchChromium } from './chromium.ts';
import { startMosquitto, type MosquittoBroker } from './mosquitto.ts';

export interface ConsoleOnCentral {
  readonly broker: MosquittoBroker;
  /** The central fixture: its store, admin URL, check-in publisher. */
  readonly f: CentralFixture;
  readonly web: ConsoleServer;
  readonly browser: Browser;
}

export interface ConsoleOnCentralOptions {
  /** How central starts; the broker is the world's own. */
  central?: Omit<FixtureOptions, 'broker'>;
  /** Published as content version 1, by `cli:ops`, before the console is served. */
  content?: ContentFile;
  /** Stations announced online with a retained status: the console learns its sites from them. */
  onlineStations?: readonly string[];
  /** Runs once central is up, before the console is served: seed the store, publish check-ins. */
  seed?: (world: Pick<ConsoleOnCentral, 'broker' | 'f'>) => Promise<void>;
}

/** Starts the world for this test file (beforeAll) and stops it afterwards (afterAll). */
export function useConsoleOnCentral(options: ConsoleOnCentralOptions = {}): ConsoleOnCentral {
  let broker: MosquittoBroker | undefined;
  let f: CentralFixture | undefined;
  let web: ConsoleServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    broker = await startMosquitto({ websockets: true });
    f = await startCentralFixture({ ...options.central, broker });
    if (options.content) {
      await publishContentVersion(f.central.store, { broker: { url: broker.url }, topicRoot: 'vs/v1' }, { content: options.content, baseVersion: 0, by: 'cli:ops', catalogueActor: 'content:test', nowIso: new Date().toISOString() });
    }
    if (options.onlineStations?.length) {
      const agent = await connectClient(broker.url);
      for (const stationId of options.onlineStations) await publishRetained(agent, topicsFor('vs/v1').station(stationId, 'status'), onlineStationStatus());
      await agent.endAsync();
    }
    await options.seed?.({ broker, f });
    web = await startConsoleServer({ broker, apiOrigin: f.adminUrl, demoLogin: { username: MANAGER.name, password: MANAGER.password } });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await f?.stop();
    await broker?.stop();
  });

  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`the console world's ${name} is not started: use it inside a test, after beforeAll`);
    return part;
  };
  return {
    get broker() {
      return started(broker, 'broker');
    },
    get f() {
      return started(f, 'central');
    },
    get web() {
      return started(web, 'console server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
