/** What `npm start` prints once everything runs, and the index page of the web server. */
import type { DemoFiles } from './demo-files.ts';
import { DEMO_KIOSK_PIN } from './demo-files.ts';
import { LIVE_DEMO_STATIONS } from './data/stations.ts';
import { DEMO_VOLUNTEERS } from './data/volunteers.ts';
import type { DemoPorts } from './options.ts';

export interface DemoUrls {
  kiosks: { stationId: string; name: string; url: string }[];
  console: string;
  index: string;
}

export function demoUrls(ports: DemoPorts): DemoUrls {
  const web = `http://127.0.0.1:${ports.web}`;
  return {
    kiosks: LIVE_DEMO_STATIONS.map((s) => ({ stationId: s.stationId, name: s.name.zh, url: `${web}/stations/${s.stationId}/` })),
    console: `${web}/console/`,
    index: `${web}/`,
  };
}

/** With `--store postgres`: the shared database and every replica's listeners. */
export interface DemoReplicas {
  /** Never with a password (the private server trusts loopback and has none). */
  postgresUrl: string;
  centralPorts: number[];
  centralAdminPorts: number[];
}

/** A URL for the terminal: any password replaced. */
export function urlWithoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export function summaryTable(
  urls: DemoUrls,
  files: DemoFiles,
  ports: DemoPorts,
  agentHttpPorts: Record<string, number>,
  withKeys: boolean,
  centralAdminPort?: number,
  replicas?: DemoReplicas,
): string {
  const first = DEMO_VOLUNTEERS[0]!;
  const last = DEMO_VOLUNTEERS[DEMO_VOLUNTEERS.length - 1]!;
  const row = (label: string, value: string) => `  ${label.padEnd(22)} ${value}`;
  const anyAgent = Object.entries(agentHttpPorts)[0];
  const keys = urls.kiosks.map((k, i) => `${i + 1} = ${k.stationId}`).join(', ');
  return [
    '',
    'Volunteer stations demo is running.',
    '',
    ...urls.kiosks.map((k, i) => row(`Kiosk ${i + 1} (${k.stationId})`, `${k.url}   ${k.name}`)),
    row('Fleet console', `${urls.console}   login: ${files.managerLogin.username} / ${files.managerLogin.password}`),
    row('Phone check-in', `${files.phoneBaseUrl}{token}   scan a kiosk QR (or open the QR's address in this machine's browser)`),
    ...(centralAdminPort !== undefined
      ? [row('Manager API, metrics', `http://127.0.0.1:${centralAdminPort}/api/stations   /metrics   login: ${files.managerLogin.username} / ${files.managerLogin.password}`)]
      : []),
    ...(replicas
      ? [
          row('PostgreSQL store', urlWithoutPassword(replicas.postgresUrl)),
          ...replicas.centralPorts.map((port, i) =>
            row(`Central replica ${i + 1}`, `http://127.0.0.1:${port}/c/   admin http://127.0.0.1:${replicas.centralAdminPorts[i] ?? '?'}/metrics`),
          ),
          '  (Mosquitto hands each check-in to one replica: $share/central/…; either may answer a phone or the console)',
        ]
      : []),
    row(replicas ? 'Mosquitto (MQTT)' : 'MQTT broker', `mqtt://127.0.0.1:${ports.mqtt}   ws://127.0.0.1:${ports.ws}`),
    row('Kiosk manager PIN', `${DEMO_KIOSK_PIN} (press and hold the bottom-left corner of a kiosk for 3 s)`),
    row('Logs and data', files.varDir),
    '',
    'How to tap a card:',
    withKeys ? `  press a key here: ${keys} (a random demo volunteer), a / A = ${first.id}'s card at 1 / 2, u / U = unknown card at 1 / 2, q = quit` : '  (terminal keys are off: stdin is not a terminal or --no-keys was given)',
    '  or use "simulate tap" in the fleet console',
    ...(anyAgent ? [`  or: curl -X POST http://127.0.0.1:${anyAgent[1]}/simulate-tap -H 'content-type: application/json' -d '{"uid":"${first.cardUid}"}'   (${anyAgent[0]})`] : []),
    '',
    'How to link a phone (a typed number alone never checks anyone in):',
    `  1. on the phone page choose "Link this phone" and enter a volunteer number, e.g. ${first.id} (${first.id}…${last.id} exist)`,
    `  2. tap that volunteer's own card at the same station within 2 minutes${withKeys ? `: key a / A taps ${first.id}'s card at 1 / 2` : ''},`,
    `     or "simulate tap" in the console with ${first.id}'s card, or the curl line above (it is ${first.id}'s card)`,
    '  3. touch on the kiosk the number the phone shows; from then on the phone checks in with the station QR',
    '     (in Chrome on this machine it then offers a passkey: localhost is a domain, 127.0.0.1 is not)',
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function indexPage(urls: DemoUrls): string {
  const links = urls.kiosks.map((k) => `<li><a href="${escapeHtml(k.url)}">${escapeHtml(k.stationId)} ${escapeHtml(k.name)}</a></li>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>志愿之城 · Volunteer stations demo</title>
<style>body{font:20px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}a{color:#0b57d0}</style></head>
<body><h1>志愿之城 · Volunteer stations demo</h1><h2>Kiosks</h2><ul>${links}</ul>
<h2>Fleet console</h2><p><a href="${escapeHtml(urls.console)}">${escapeHtml(urls.console)}</a></p></body></html>`;
}
