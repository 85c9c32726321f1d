/** Every example in docs/protocol.md is valid against the schema it claims to illustrate. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ActivitiesSchema,
  AgentConfigSchema,
  CentralConfigSchema,
  CheckInSchema,
  CommandSchema,
  CorrectionRequestSchema,
  KioskConfigSchema,
  KioskStatusSchema,
  PairingAnswerSchema,
  PairingPromptSchema,
  PerksSchema,
  CertificateRequestSchema,
  DeskAnswerSchema,
  DeskPromptSchema,
  RewardsViewSchema,
  RecruitmentSchema,
  AnnouncementsSchema,
  ScreenshotReplySchema,
  SiteActivitiesEditSchema,
  ResultSchema,
  ReviewDecisionRequestSchema,
  StationDirectorySchema,
  StationStatusSchema,
  StationsFileSchema,
  TapSchema,
  validate,
} from '../../shared/index.ts';

const SCHEMA_BY_NAME: Record<string, v.GenericSchema> = {
  CheckIn: CheckInSchema,
  Result: ResultSchema,
  Tap: TapSchema,
  StationStatus: StationStatusSchema,
  KioskStatus: KioskStatusSchema,
  Command: CommandSchema,
  Activities: ActivitiesSchema,
  StationDirectory: StationDirectorySchema,
  AgentConfig: AgentConfigSchema,
  KioskConfig: KioskConfigSchema,
  CentralConfig: CentralConfigSchema,
  StationsFile: StationsFileSchema,
  PairingPrompt: PairingPromptSchema,
  PairingAnswer: PairingAnswerSchema,
  CorrectionRequest: CorrectionRequestSchema,
  ReviewDecisionRequest: ReviewDecisionRequestSchema,
  Perks: PerksSchema,
  CertificateRequest: CertificateRequestSchema,
  RewardsView: RewardsViewSchema,
  DeskPrompt: DeskPromptSchema,
  DeskAnswer: DeskAnswerSchema,
  ScreenshotReply: ScreenshotReplySchema,
  SiteActivitiesEdit: SiteActivitiesEditSchema,
  Recruitment: RecruitmentSchema,
  Announcements: AnnouncementsSchema,
};

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
const examples = [...doc.matchAll(/<!-- example: (\w+) -->\n```json\n([\s\S]*?)```/g)].map((m, i) => ({ name: m[1]!, json: m[2]!, index: i }));

describe('docs/protocol.md examples', () => {
  it('has an example of every message and config file', () => {
    expect(new Set(examples.map((e) => e.name))).toEqual(new Set(Object.keys(SCHEMA_BY_NAME)));
  });

  it.each(examples)('example $index ($name) is valid', ({ name, json }) => {
    const schema = SCHEMA_BY_NAME[name];
    expect(schema, `unknown schema name ${name}`).toBeDefined();
    expect(validate(schema!, JSON.parse(json))).toMatchObject({ ok: true });
  });
});
