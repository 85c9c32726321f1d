/**
 * JSON Schema (draft-07) for every payload and config file, for central-system
 * implementers in other languages. `npm run schemas` writes them to docs/schemas/;
 * a test fails when the committed files drift from these schemas.
 * Cross-field rules (`v.check`) have no JSON Schema form; they are in docs/protocol.md.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { AgentConfigSchema } from './config/agent.ts';
import { CentralConfigSchema, StationsFileSchema } from './config/central.ts';
import { ConsoleConfigSchema } from './config/console.ts';
import { ContentFileSchema } from './config/content-file.ts';
import { KioskConfigSchema } from './config/kiosk.ts';
import { ActivitiesSchema, StationDirectorySchema } from './payloads/content.ts';
import { CheckInSchema, CommandSchema, KioskStatusSchema, ResultSchema, StationStatusSchema, TapSchema } from './payloads/messages.ts';
import { PairingAnswerSchema, PairingPromptSchema } from './payloads/pairing.ts';
import { DeskAnswerSchema, DeskPromptSchema, RewardsViewSchema } from './payloads/rewards.ts';

const SCHEMAS: Record<string, v.GenericSchema> = {
  'checkin.json': CheckInSchema,
  'result.json': ResultSchema,
  'tap.json': TapSchema,
  'station-status.json': StationStatusSchema,
  'kiosk-status.json': KioskStatusSchema,
  'command.json': CommandSchema,
  'pairing-prompt.json': PairingPromptSchema,
  'pairing-answer.json': PairingAnswerSchema,
  'rewards-view.json': RewardsViewSchema,
  'desk-prompt.json': DeskPromptSchema,
  'desk-answer.json': DeskAnswerSchema,
  'activities.json': ActivitiesSchema,
  'station-directory.json': StationDirectorySchema,
  'agent-config.json': AgentConfigSchema,
  'kiosk-config.json': KioskConfigSchema,
  'central-config.json': CentralConfigSchema,
  'console-config.json': ConsoleConfigSchema,
  'stations-file.json': StationsFileSchema,
  'content-file.json': ContentFileSchema,
};

export function jsonSchemaDocuments(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SCHEMAS).map(([file, schema]) => {
      const json = { $id: `https://schemas.volunteer-stations.example/v1/${file}`, ...toJsonSchema(schema, { errorMode: 'ignore' }) };
      return [file, `${JSON.stringify(json, null, 2)}\n`];
    }),
  );
}
