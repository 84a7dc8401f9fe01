/**
 * Where everything lives in Redis. Keys of one environment share the hash tag `{env:<key>}`, so a
 * compare-and-set script touching the document, history, revision, change log and audit list runs
 * on one Redis Cluster slot; API keys and the environment list share the tag `{global}`.
 */
export interface KeyLayout {
  /** Pub/sub channel every change is published on. */
  changes: string;
  global: {
    /** hash: environment key → Environment JSON */
    environments: string;
    /** list of environment keys, in creation order */
    environmentOrder: string;
    /** hash: id → ApiKeyRecord JSON */
    apiKeys: string;
    /** hash: secret hash → id */
    apiKeyHashes: string;
    /** list of API-key AuditEntry JSON, newest first */
    audit: string;
    /** string: StoreEpoch JSON, written with SET NX on a first start (docs/operations.md) */
    epoch: string;
    /** string per lease name: the holder, expiring with the lease */
    lease(name: string): string;
    /** hash: webhook id → WebhookRecord JSON */
    webhooks: string;
    /** hash: delivery id → WebhookDelivery JSON (every webhook's) */
    webhookDeliveries: string;
    /** sorted set: pending delivery ids scored by their next attempt (epoch ms) */
    webhookDue: string;
    /** sorted set per webhook: its delivery ids scored by creation (epoch ms) */
    webhookDeliveryIds(webhookId: string): string;
    /** sorted set per webhook: its finished delivery ids scored by when they finished */
    webhookFinished(webhookId: string): string;
  };
  environment(key: string): EnvironmentKeys;
}

export interface EnvironmentKeys {
  /** string: Environment JSON; its existence is what makes the environment writable */
  meta: string;
  /** string: integer revision, +1 per change */
  revision: string;
  /** hash: flag key → Flag JSON */
  flags: string;
  /** hash: segment key → Segment JSON */
  segments: string;
  /** sorted set: StoreChange JSON scored by revision */
  changes: string;
  /** list: AuditEntry JSON, newest first */
  audit: string;
  /** list: Flag JSON, newest first */
  flagHistory(flag: string): string;
  /** hash per flag and UTC day: `<minute>|<variant>|<counter>` → count */
  metrics(flag: string, day: number): string;
  /** hash: flag key → guarded rollout Plan JSON */
  plans: string;
  /** hash: schedule id → Schedule JSON */
  schedules: string;
  /** hash: trigger id → TriggerRecord JSON */
  triggers: string;
  /** hash: token hash → trigger id */
  triggerHashes: string;
}

export function keyLayout(prefix: string): KeyLayout {
  const global = (name: string) => `${prefix}{global}:${name}`;
  return {
    changes: `${prefix}changes`,
    global: {
      environments: global('environments'),
      environmentOrder: global('environment-order'),
      apiKeys: global('api-keys'),
      apiKeyHashes: global('api-key-hashes'),
      audit: global('audit'),
      epoch: global('epoch'),
      lease: (name) => global(`lease:${name}`),
      webhooks: global('webhooks'),
      webhookDeliveries: global('webhook-deliveries'),
      webhookDue: global('webhook-due'),
      webhookDeliveryIds: (id) => global(`webhook-deliveries:${id}`),
      webhookFinished: (id) => global(`webhook-finished:${id}`),
    },
    environment(key) {
      const env = (name: string) => `${prefix}{env:${key}}:${name}`;
      return {
        meta: env('meta'),
        revision: env('revision'),
        flags: env('flags'),
        segments: env('segments'),
        changes: env('changes'),
        audit: env('audit'),
        flagHistory: (flag) => env(`history:flag:${flag}`),
        metrics: (flag, day) => env(`metrics:${flag}:${day}`),
        plans: env('plans'),
        schedules: env('schedules'),
        triggers: env('triggers'),
        triggerHashes: env('trigger-hashes'),
      };
    },
  };
}
