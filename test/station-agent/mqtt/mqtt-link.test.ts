import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MqttLink } from '../../../station-agent/mqtt/mqtt-link.ts';

describe('MqttLink', () => {
  it('refuses to start before a listener is attached, so no Result is received unheard', () => {
    const link = new MqttLink({
      url: 'mqtt://127.0.0.1:1',
      clientId: 'station-agent-ST-1',
      will: { topic: 'vs/v1/stations/ST-1/status', payload: '{"v":1,"state":"offline","reason":"lost"}' },
      subscriptions: ['vs/v1/stations/ST-1/results'],
      logger: pino({ level: 'silent' }),
    });
    expect(() => link.start()).toThrow('MqttLink.start() before attach()');
    expect(link.connected).toBe(false);
  });
});
