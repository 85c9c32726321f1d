/**
 * Fleet console configuration, `console-config.json`, served beside the console's
 * page. Every field is optional: without the file the login form starts empty on the
 * default topic root.
 */
import * as v from 'valibot';
import { CardUidSchema, TopicRootSchema } from '../schema-kit.ts';
import { DEFAULT_TOPIC_ROOT } from '../topics.ts';

const PositiveMillisSchema = v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1 ms'));

export const ConsoleConfigSchema = v.strictObject({
  /** The console's default language; a manager's own choice (localStorage) wins. */
  locale: v.optional(v.picklist(['zh-CN', 'en'], 'must be "zh-CN" or "en"'), 'zh-CN'),
  brokerUrl: v.optional(v.pipe(v.string(), v.regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL (browsers speak MQTT over WebSocket only)'))),
  topicRoot: v.optional(TopicRootSchema, DEFAULT_TOPIC_ROOT),
  /**
   * Protocol v2: central's manager API (its admin listener, or a reverse proxy to it) for
   * the Reports view, e.g. `https://central.example.org`. Absent: the console page's own
   * origin, which then proxies `/api/`. The API must allow the console's origin (CORS).
   */
  adminApiUrl: v.optional(v.pipe(v.string(), v.regex(/^https?:\/\/[^/\s?#]+\/?$/, 'must be a scheme and host with no path, e.g. https://central.example.org'))),
  /** Demo deployments only: prefills the login form. */
  demoLogin: v.optional(v.strictObject({ username: v.string(), password: v.string() })),
  /** Cards the "simulate tap" command offers; the demo launcher writes them. */
  demoCards: v.optional(v.array(v.strictObject({ label: v.pipe(v.string(), v.minLength(1)), uid: CardUidSchema })), []),
  /** Overrides for the alert rules, e.g. shorter ones in tests. */
  alertThresholds: v.optional(
    v.strictObject({
      offlineMs: v.optional(PositiveMillisSchema),
      outboxAgeMs: v.optional(PositiveMillisSchema),
      clockSkewMs: v.optional(PositiveMillisSchema),
    }),
    {},
  ),
});
export type ConsoleConfigInput = v.InferInput<typeof ConsoleConfigSchema>;
export type ConsoleConfigFile = v.InferOutput<typeof ConsoleConfigSchema>;
