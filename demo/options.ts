/**
 * `npm start` options from one schema: command-line flags, then `VS_DEMO_*`
 * environment variables (via the shared applyEnvOverrides), then defaults. Ports are
 * laid out from `portBase` unless set one by one.
 */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { applyEnvOverrides, PortSchema, validate } from '../shared/index.ts';

export const DEMO_ENV_PREFIX = 'VS_DEMO';
export const DEFAULT_PORT_BASE = 18800;

const OptionalPort = v.optional(PortSchema);

export const DemoOptionsSchema = v.strictObject({
  /** web = base, MQTT = base+1, MQTT over WebSocket = base+2, central HTTP = base+3, second replica = base+4. */
  portBase: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024), v.maxValue(65531)), DEFAULT_PORT_BASE),
  webPort: OptionalPort,
  mqttPort: OptionalPort,
  wsPort: OptionalPort,
  centralPort: OptionalPort,
  /** The second central replica's HTTP port with `--store postgres` (default base+4). */
  centralReplicaPort: OptionalPort,
  /** sqlite: one central on a file in the var dir; postgres: a private PostgreSQL and two central replicas. */
  store: v.optional(v.picklist(['sqlite', 'postgres']), 'sqlite'),
  /** Demo configs, SQLite, outboxes and logs. */
  varDir: v.optional(v.pipe(v.string(), v.minLength(1)), 'var/demo'),
  /** The built kiosk; rebuilt here when missing or older than its sources. */
  kioskDist: v.optional(v.pipe(v.string(), v.minLength(1)), 'dist/kiosk'),
  /** The built fleet console; rebuilt like the kiosk. */
  consoleDist: v.optional(v.pipe(v.string(), v.minLength(1)), 'dist/console'),
  /** The built phone app, served by central; rebuilt like the kiosk. */
  phoneDist: v.optional(v.pipe(v.string(), v.minLength(1)), 'dist/phone'),
  /** Terminal keys for taps; only when stdin is a TTY. */
  keys: v.optional(v.boolean(), true),
});
export type DemoOptionsInput = v.InferInput<typeof DemoOptionsSchema>;

export interface DemoPorts {
  web: number;
  mqtt: number;
  ws: number;
  central: number;
  /** Only with `--store postgres`: the second central replica's HTTP port. */
  centralReplica?: number;
}

export interface DemoOptions {
  ports: DemoPorts;
  varDir: string;
  kioskDist: string;
  consoleDist: string;
  /** Default dist/phone (DemoOptionsSchema). */
  phoneDist?: string;
  keys: boolean;
  /** Default sqlite (DemoOptionsSchema). */
  store?: 'sqlite' | 'postgres';
}

/**
 * The broker the demo runs: with `--store postgres` a real Mosquitto (its replicas share
 * the check-ins through `$share/central/…`, which the embedded aedes lacks); otherwise
 * the embedded aedes, which needs nothing installed.
 */
export function demoBrokerOf(options: Pick<DemoOptions, 'store'>): 'mosquitto' | 'embedded' {
  return options.store === 'postgres' ? 'mosquitto' : 'embedded';
}

export const USAGE = `Usage: npm start [-- options]

Runs the whole system on this machine: an embedded MQTT broker, the central
service, two station agents with simulated readers, and the kiosk and console.
With --store postgres: Mosquitto, PostgreSQL and two central replicas instead.

Options (or environment variables):
  --port-base N      first of four ports: web N, MQTT N+1, MQTT/WebSocket N+2,
                     central N+3 (VS_DEMO_PORT_BASE, default ${DEFAULT_PORT_BASE})
  --web-port N       kiosk and console web server (VS_DEMO_WEB_PORT)
  --mqtt-port N      MQTT over TCP (VS_DEMO_MQTT_PORT)
  --ws-port N        MQTT over WebSocket (VS_DEMO_WS_PORT)
  --central-port N   central service HTTP, phone check-in (VS_DEMO_CENTRAL_PORT)
  --store KIND       sqlite (default) or postgres: a private PostgreSQL in
                     VAR-DIR/postgres, two central replicas sharing the
                     check-ins, and Mosquitto as the broker (VS_DEMO_STORE)
  --central-replica-port N
                     the second replica's HTTP port with --store postgres
                     (VS_DEMO_CENTRAL_REPLICA_PORT, default base+4)
  --var-dir DIR      demo data directory (VS_DEMO_VAR_DIR, default var/demo)
  --kiosk-dist DIR   built kiosk (VS_DEMO_KIOSK_DIST, default dist/kiosk)
  --console-dist DIR built fleet console (VS_DEMO_CONSOLE_DIST, default dist/console)
  --phone-dist DIR   built phone app (VS_DEMO_PHONE_DIST, default dist/phone)
  --no-keys          no terminal keys for taps (VS_DEMO_KEYS=false)
  -h, --help         this text
`;

export class DemoOptionsError extends Error {
  readonly code = 'DEMO_OPTIONS';
  constructor(readonly issues: string[]) {
    super(`invalid options:\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
    this.name = 'DemoOptionsError';
  }
}

const PORT_FLAGS = { 'port-base': 'portBase', 'web-port': 'webPort', 'mqtt-port': 'mqttPort', 'ws-port': 'wsPort', 'central-port': 'centralPort', 'central-replica-port': 'centralReplicaPort' } as const;

/** Returns null when help was asked for. Throws DemoOptionsError listing every problem. */
export function parseDemoOptions(argv: readonly string[], env: Record<string, string | undefined>): DemoOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(PORT_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        'var-dir': { type: 'string' },
        'kiosk-dist': { type: 'string' },
        'console-dist': { type: 'string' },
        'phone-dist': { type: 'string' },
        store: { type: 'string' },
        'no-keys': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new DemoOptionsError([(err as Error).message]);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return null;

  const input = applyEnvOverrides({}, DemoOptionsSchema, env, DEMO_ENV_PREFIX) as Record<string, unknown>;
  for (const [flag, key] of Object.entries(PORT_FLAGS)) {
    const raw = values[flag];
    // A flag that is not a number stays text, so the schema names it.
    if (typeof raw === 'string') input[key] = raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  if (typeof values['var-dir'] === 'string') input.varDir = values['var-dir'];
  if (typeof values['kiosk-dist'] === 'string') input.kioskDist = values['kiosk-dist'];
  if (typeof values['console-dist'] === 'string') input.consoleDist = values['console-dist'];
  if (typeof values['phone-dist'] === 'string') input.phoneDist = values['phone-dist'];
  if (typeof values.store === 'string') input.store = values.store;
  if (values['no-keys']) input.keys = false;

  const checked = validate(DemoOptionsSchema, input);
  if (!checked.ok) throw new DemoOptionsError(checked.issues);
  const o = checked.value;
  const ports: DemoPorts = {
    web: o.webPort ?? o.portBase,
    mqtt: o.mqttPort ?? o.portBase + 1,
    ws: o.wsPort ?? o.portBase + 2,
    central: o.centralPort ?? o.portBase + 3,
    ...(o.store === 'postgres' ? { centralReplica: o.centralReplicaPort ?? o.portBase + 4 } : {}),
  };
  const taken = new Map<number, string>();
  const clashes: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    const other = taken.get(port);
    if (other) clashes.push(`ports.${name}: ${port} is already used for ${other}`);
    taken.set(port, name);
  }
  if (clashes.length > 0) throw new DemoOptionsError(clashes);
  return { ports, varDir: o.varDir, kioskDist: o.kioskDist, consoleDist: o.consoleDist, phoneDist: o.phoneDist, keys: o.keys, store: o.store };
}
