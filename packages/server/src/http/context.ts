import type { ServerConfig } from '../config/config.js';
import type { MetricsIngest } from '../delivery/metrics-ingest.js';
import type { RulesetCache } from '../delivery/ruleset-cache.js';
import type { StreamRegistry } from '../delivery/stream-registry.js';
import type { FlagService } from '../services/flags.js';
import type { SegmentService } from '../services/segments.js';
import type { FlagStore } from '../store/types.js';
import type { KeyResolver } from './auth.js';
import type { ServerMetrics } from './metrics.js';

/** What routes need, built once per app. */
export interface AppContext {
  /** API keys by secret hash, briefly remembered; routes that revoke keys call `forget()`. */
  readonly apiKeys: KeyResolver;
  readonly config: ServerConfig;
  readonly store: FlagStore;
  readonly flags: FlagService;
  readonly segments: SegmentService;
}

/** What the SDK-facing routes need on top: the in-memory rulesets, metrics and the events ingest. */
export interface DeliveryContext extends AppContext {
  readonly cache: RulesetCache;
  readonly metrics: ServerMetrics;
  readonly ingest: MetricsIngest;
  /** Open streams by key: capped, and ended when their key is revoked. */
  readonly streams: StreamRegistry;
  /** The app's time source (injectable for tests of metrics and rollout plans). */
  readonly now: () => number;
}
