/** The protocol v1 contract, implemented once for the kiosk, the agent, central and the console. */
export * from './ids.ts';
export * from './topics.ts';
export * from './card-uid.ts';
export * from './mask-name.ts';
export * from './base64url.ts';
export * from './checkin-code.ts';
export * from './schema-kit.ts';
export * from './validate.ts';
export * from './payloads/messages.ts';
export * from './payloads/content.ts';
export * from './payloads/pairing.ts';
export * from './payloads/phone-api.ts';
export * from './payloads/rewards.ts';
export * from './config/agent.ts';
export * from './config/kiosk.ts';
export * from './config/central.ts';
export * from './config/console.ts';
export * from './config/env-overrides.ts';
export * from './config/config-file.ts';

export const PROTOCOL_VERSION = 1;
export * from './backoff.ts';
export * from './guarded.ts';
export * from './config/content-file.ts';
export * from './timebank/categories.ts';
