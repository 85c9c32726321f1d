/** Checks, before anything starts, that every port the demo needs is free, and says how to pick others. */
import { createServer } from 'node:net';
import type { DemoPorts } from './options.ts';

export const PORT_ROLES: Record<keyof DemoPorts, { label: string; flag: string; env: string }> = {
  web: { label: 'kiosk and console web server', flag: '--web-port', env: 'VS_DEMO_WEB_PORT' },
  mqtt: { label: 'MQTT broker (TCP)', flag: '--mqtt-port', env: 'VS_DEMO_MQTT_PORT' },
  ws: { label: 'MQTT broker (WebSocket)', flag: '--ws-port', env: 'VS_DEMO_WS_PORT' },
  central: { label: 'central service (HTTP)', flag: '--central-port', env: 'VS_DEMO_CENTRAL_PORT' },
  centralReplica: { label: 'second central replica (HTTP)', flag: '--central-replica-port', env: 'VS_DEMO_CENTRAL_REPLICA_PORT' },
};

export class DemoPortBusyError extends Error {
  readonly code = 'DEMO_PORT_BUSY';
  constructor(
    readonly port: number,
    readonly role: keyof DemoPorts,
  ) {
    const { label, flag, env } = PORT_ROLES[role];
    super(
      `Port ${port} (${label}) on 127.0.0.1 is already in use. Is another demo running?\n` +
        `Choose other ports: npm start -- --port-base 19800 (or VS_DEMO_PORT_BASE=19800),\n` +
        `or only this one: npm start -- ${flag} N (or ${env}=N).`,
    );
    this.name = 'DemoPortBusyError';
  }
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Throws DemoPortBusyError for the first busy port. */
export async function assertPortsFree(ports: DemoPorts, host = '127.0.0.1'): Promise<void> {
  for (const [role, port] of Object.entries(ports) as [keyof DemoPorts, number][]) {
    if (!(await isFree(port, host))) throw new DemoPortBusyError(port, role);
  }
}
