/**
 * The edge broker's kiosk WebSocket listener, as provisioning renders it, on a real
 * Mosquitto: loopback only by default, so a kiosk password never crosses the site
 * network; `--kiosk-listener tls` opens it on every interface with TLS only (wss://).
 * The "from the network" cases use this host's first non-loopback IPv4 address.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, provisionOk, stationCredentials, tempDir, withObserver, type Credentials } from '../helpers/broker-harness.ts';
import { makeTls, writeEdgeConf, type Tls } from '../helpers/deploy-configs.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';

const siteAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

async function edgeBroker(out: string, tls: Tls): Promise<MosquittoBroker> {
  const files = withObserver(out, tempDir('edge-listener-files-'), { site: 'SITE-01' });
  const conf = await writeEdgeConf(tempDir('edge-listener-'), join(out, 'sites/SITE-01/edge.conf'), tls, files.passwordFile, files.aclFile, { bridge: false });
  return startMosquitto({ configFile: conf.configFile, port: conf.port, wsPort: conf.wsPort });
}

describe('edge kiosk listener', () => {
  let tls: Tls;
  let kiosk: Credentials;
  let exposedKiosk: Credentials;
  let loopback: MosquittoBroker;
  let exposed: MosquittoBroker;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    tls = makeTls(tempDir('edge-listener-tls-'), siteAddress ? [siteAddress] : []);
    const plain = tempDir('provision-listener-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', plain);
    provisionOk('bridge', 'SITE-01', '--out', plain);
    kiosk = stationCredentials(plain, 'ST-0001').kiosk;
    loopback = await edgeBroker(plain, tls);
    const withTls = tempDir('provision-listener-tls-');
    provisionOk('station', 'ST-0001', '--site', 'SITE-01', '--out', withTls);
    provisionOk('bridge', 'SITE-01', '--kiosk-listener', 'tls', '--out', withTls);
    exposedKiosk = stationCredentials(withTls, 'ST-0001').kiosk;
    exposed = await edgeBroker(withTls, tls);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await loopback?.stop();
    await exposed?.stop();
  });

  it('serves the kiosk on loopback by default', async () => {
    const client = await connectAs(loopback.wsUrl, kiosk);
    clients.push(client);
    expect(client.connected).toBe(true);
  });

  it.skipIf(!siteAddress)('is not reachable from the site network by default', async () => {
    await expect(connectAs(`ws://${siteAddress}:${loopback.wsPort}`, kiosk, { connectTimeout: 3000 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it.skipIf(!siteAddress)('with --kiosk-listener tls serves a kiosk on another device over wss:// only', async () => {
    const ca = readFileSync(tls.caFile);
    const client = await connectAs(`wss://${siteAddress}:${exposed.wsPort}`, exposedKiosk, { ca, rejectUnauthorized: true });
    clients.push(client);
    expect(client.connected).toBe(true);
    await expect(connectAs(`ws://${siteAddress}:${exposed.wsPort}`, exposedKiosk, { connectTimeout: 3000 })).rejects.toThrow();
  });

  it('with --kiosk-listener tls refuses a certificate it cannot verify', async () => {
    await expect(connectAs(`wss://127.0.0.1:${exposed.wsPort}`, exposedKiosk, { connectTimeout: 3000 })).rejects.toThrow(/self[- ]signed|certificate/i);
  });
});
