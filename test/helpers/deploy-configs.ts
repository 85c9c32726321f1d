/**
 * Runs the shipped configs on loopback: `central.conf` and a provisioned site's
 * `edge.conf`, with only ports, file paths, log destination and (for test speed)
 * the bridge's reconnect delay rewritten. Everything else — TLS on the bridge,
 * persistence, ACL, queue limits, bridge topics — is exactly what production runs.
 * Also makes a throwaway CA and server certificate with openssl.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { replaceConfigLine } from '../../demo/broker/mosquitto.ts';
import { giveToBrokerUser } from './mosquitto.ts';

export const CENTRAL_CONF = fileURLToPath(new URL('../../broker-config/mosquitto/central.conf', import.meta.url));

export interface Tls {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** `extraIps`: more addresses the server certificate names (e.g. this host's site-network address). */
export function makeTls(dir: string, extraIps: string[] = []): Tls {
  mkdirSync(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-days', '2', '-subj', '/CN=vs-test-ca');
  openssl('req', ...ec, '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(path('san.ext'), `subjectAltName=${['IP:127.0.0.1', ...extraIps.map((ip) => `IP:${ip}`), 'DNS:localhost'].join(',')}\n`);
  openssl('x509', '-req', '-in', path('server.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial', '-out', path('server.crt'), '-days', '2', '-extfile', path('san.ext'));
  for (const name of ['ca.crt', 'server.crt', 'server.key']) giveToBrokerUser(path(name));
  giveToBrokerUser(dir);
  return { caFile: path('ca.crt'), certFile: path('server.crt'), keyFile: path('server.key') };
}

function replaceAll(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`config text not found: ${from}`);
  return text.split(from).join(to);
}

/** A directory the dropped-privilege broker can write, with its own copy of passwd and acl. */
function brokerDir(dir: string, passwordFile: string, aclFile: string): { passwd: string; acl: string; data: string } {
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  copyFileSync(passwordFile, join(dir, 'passwd'));
  copyFileSync(aclFile, join(dir, 'acl'));
  for (const path of [dir, data, join(dir, 'passwd'), join(dir, 'acl')]) giveToBrokerUser(path);
  return { passwd: join(dir, 'passwd'), acl: join(dir, 'acl'), data };
}

function commonRewrites(text: string, files: { passwd: string; acl: string; data: string }): string {
  let conf = replaceConfigLine(text, 'password_file /etc/mosquitto/vs/passwd', `password_file ${files.passwd}`);
  conf = replaceConfigLine(conf, 'acl_file /etc/mosquitto/vs/acl', `acl_file ${files.acl}`);
  conf = replaceConfigLine(conf, 'persistence_location /var/lib/mosquitto/', `persistence_location ${files.data}/`);
  conf = replaceConfigLine(conf, 'log_dest syslog', 'log_dest stdout');
  return conf;
}

export interface CentralPorts {
  tls: number;
  wss: number;
  plain: number;
}

export async function writeCentralConf(dir: string, tls: Tls, passwordFile: string, aclFile: string): Promise<{ configFile: string; ports: CentralPorts }> {
  const files = brokerDir(dir, passwordFile, aclFile);
  const ports = { tls: await freePort(), wss: await freePort(), plain: await freePort() };
  let conf = commonRewrites(readFileSync(CENTRAL_CONF, 'utf8'), files);
  conf = replaceConfigLine(conf, 'listener 8883', `listener ${ports.tls} 127.0.0.1`);
  conf = replaceConfigLine(conf, 'listener 8884', `listener ${ports.wss} 127.0.0.1`);
  conf = replaceConfigLine(conf, 'listener 1883 127.0.0.1', `listener ${ports.plain} 127.0.0.1`);
  conf = replaceAll(conf, 'certfile /etc/mosquitto/vs/certs/server.crt', `certfile ${tls.certFile}`);
  conf = replaceAll(conf, 'keyfile /etc/mosquitto/vs/certs/server.key', `keyfile ${tls.keyFile}`);
  const configFile = join(dir, 'central.conf');
  writeFileSync(configFile, conf);
  return { configFile, ports };
}

export interface EdgeConfOptions {
  /** false: cut the bridge section, for tests of the site broker's own listeners and accounts. */
  bridge?: boolean;
}

const BRIDGE_SECTION = '# --- Bridge to the central broker';

export async function writeEdgeConf(
  dir: string,
  renderedEdgeConf: string,
  tls: Tls,
  passwordFile: string,
  aclFile: string,
  options: EdgeConfOptions = {},
): Promise<{ configFile: string; port: number; wsPort: number }> {
  const files = brokerDir(dir, passwordFile, aclFile);
  const port = await freePort();
  const wsPort = await freePort();
  let conf = commonRewrites(readFileSync(renderedEdgeConf, 'utf8'), files);
  conf = replaceConfigLine(conf, 'listener 1883 127.0.0.1', `listener ${port} 127.0.0.1`);
  // The kiosk listener as rendered: loopback by default, every interface with TLS for `--kiosk-listener tls`.
  if (conf.includes('\nlistener 9001\n')) {
    conf = replaceConfigLine(conf, 'listener 9001', `listener ${wsPort}`);
    conf = replaceConfigLine(conf, 'certfile /etc/mosquitto/vs/certs/edge.crt', `certfile ${tls.certFile}`);
    conf = replaceConfigLine(conf, 'keyfile /etc/mosquitto/vs/certs/edge.key', `keyfile ${tls.keyFile}`);
  } else {
    conf = replaceConfigLine(conf, 'listener 9001 127.0.0.1', `listener ${wsPort} 127.0.0.1`);
  }
  if (options.bridge === false) {
    const cut = conf.indexOf(BRIDGE_SECTION);
    if (cut < 0) throw new Error(`config text not found: ${BRIDGE_SECTION}`);
    conf = `${conf.slice(0, cut)}\n`;
  } else {
    conf = replaceConfigLine(conf, 'bridge_cafile /etc/mosquitto/vs/certs/ca.crt', `bridge_cafile ${tls.caFile}`);
    // Test-only: retry the central link every second instead of backing off to 60 s.
    conf = replaceConfigLine(conf, 'restart_timeout 5 60', 'restart_timeout 1');
  }
  const configFile = join(dir, 'edge.conf');
  writeFileSync(configFile, conf);
  return { configFile, port, wsPort };
}
