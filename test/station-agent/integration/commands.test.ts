/**
 * simulate-tap commands under protocol v2's rules, against a real Mosquitto and the
 * real agent process: a retained one waiting on the broker, one without expiresAt and
 * a repeated id never become check-ins; a live, fresh, new one does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from 'mqtt';
import { startCentralDouble, type CentralDouble } from '../../helpers/central-double.ts';
import { startMosquitto, type MosquittoBroker } from '../../helpers/mosquitto.ts';
import { startAgentProcess, type AgentProcess } from '../../helpers/station-agent-process.ts';
import { agentConfig, STATION, statuses } from '../../helpers/agent-fixture.ts';
import { eventually } from '../../helpers/eventually.ts';

let broker: MosquittoBroker;
let central: CentralDouble;
let agent: AgentProcess | undefined;
const cmdTopic = `vs/v1/stations/${STATION}/cmd`;
const inTenMinutes = () => new Date(Date.now() + 600_000).toISOString();

async function publish(payload: object | string, retain = false): Promise<void> {
  const client = connect(broker.url, { protocolVersion: 4 });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.publishAsync(cmdTopic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1, retain });
  await client.endAsync();
}

const simulateTap = (id: string, uid: string, extra: Record<string, unknown> = {}) => ({ v: 1, id, cmd: 'simulate-tap', args: { uid }, expiresAt: inTenMinutes(), ...extra });
const refusals = () => agent!.lines().filter((l) => l.msg === 'simulate-tap ignored').map((l) => l.refusal);

beforeEach(async () => {
  broker = await startMosquitto({ websockets: false });
  central = await startCentralDouble(broker.url, STATION);
});

afterEach(async () => {
  await agent?.kill('SIGKILL');
  agent = undefined;
  await central.close();
  await broker.stop();
});

describe('station agent commands (real Mosquitto)', () => {
  it('acts only on live commands with expiresAt, and on each id once', async () => {
    // Waiting on the broker before the agent connects: delivered to it with RETAIN set.
    await publish(simulateTap('retained-1', '0A00000001'), true);
    agent = await startAgentProcess(agentConfig(broker.url));
    await eventually(() => statuses(central).some((s) => s.state === 'online'), 15_000, 'online status');
    await eventually(() => refusals().includes('retained'), 10_000, 'the retained command refused');

    const { expiresAt: _none, ...withoutExpiry } = simulateTap('no-expiry', '0A00000002');
    await publish(withoutExpiry);
    await publish(simulateTap('once', '0A00000003'));
    await publish(simulateTap('once', '0A00000003'));
    // The same id with other arguments is the same command too.
    await publish(simulateTap('once', '0A00000004'));
    await publish(simulateTap('last', '0A00000005'));
    await eventually(() => central.recorded().some((c) => c.card.uid === '0A00000005'), 10_000, 'the last command\'s check-in');

    expect(central.recorded().map((c) => c.card.uid)).toEqual(['0A00000003', '0A00000005']);
    expect(refusals()).toEqual(['retained', 'no-expiry', 'repeated', 'repeated']);
    // A refusal names the command, never its card uid.
    expect(agent.output()).not.toContain('0A00000004');
  });
});
