import type { Flag, Plan, Schedule, Segment, WebhookDelivery } from '@switchyard/shared';
import { AUDIT_KEPT, CHANGES_KEPT, HISTORY_KEPT, WEBHOOK_DELIVERIES_KEPT } from '../limits.js';
import type {
  ApiKeyRecord,
  AuditEntry,
  Environment,
  StoreChange,
  TriggerRecord,
  WebhookRecord,
} from '../types.js';
import type { JournalRecord, Snapshot } from './state-records.js';

/**
 * The file store's whole state in memory. It changes only through `applyRecord`, after the record is
 * durable in the journal, so memory never holds what the disk does not. Objects inside are never
 * mutated after they are stored and never handed out (the store clones on the way out).
 */
export interface StoredEnvironment {
  environment: Environment;
  revision: number;
  flags: Map<string, Flag>;
  segments: Map<string, Segment>;
  /** Oldest first. */
  flagHistory: Map<string, Flag[]>;
  /** Oldest first, the last CHANGES_KEPT. */
  changes: StoreChange[];
  /** Oldest first, the last AUDIT_KEPT. */
  audit: AuditEntry[];
}

export interface StoreState {
  /** In creation order. */
  environments: Map<string, StoredEnvironment>;
  apiKeys: Map<string, ApiKeyRecord>;
  /** Oldest first: API-key events, which are not tied to an environment's revision. */
  apiKeyAudit: AuditEntry[];
  /** Guarded rollout plans by `planId(environment, flag)`. */
  plans: Map<string, Plan>;
  /** Scheduled changes by `scheduleKey(environment, id)`, in creation order. */
  schedules: Map<string, Schedule>;
  /** Alert triggers by id (ids are UUIDs, unique across environments). */
  triggers: Map<string, TriggerRecord>;
  /** Outbound webhooks by id, in creation order. */
  webhooks: Map<string, WebhookRecord>;
  /** Their deliveries by id, in creation order. */
  webhookDeliveries: Map<string, WebhookDelivery>;
}

export const planId = (environment: string, flag: string) => `${environment}\u0000${flag}`;
export const scheduleKey = planId;

export function emptyState(): StoreState {
  return {
    environments: new Map(),
    apiKeys: new Map(),
    apiKeyAudit: [],
    plans: new Map(),
    schedules: new Map(),
    triggers: new Map(),
    webhooks: new Map(),
    webhookDeliveries: new Map(),
  };
}

function pushCapped<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length > cap) list.splice(0, list.length - cap);
}

/** Applies one journal record; throws when it does not follow from the state (a corrupt journal). */
export function applyRecord(state: StoreState, record: JournalRecord): void {
  switch (record.type) {
    case 'environment': {
      if (state.environments.has(record.environment.key)) {
        throw new Error(`journal creates environment "${record.environment.key}" twice`);
      }
      const env: StoredEnvironment = {
        environment: record.environment,
        revision: 0,
        flags: new Map(),
        segments: new Map(),
        flagHistory: new Map(),
        changes: [],
        audit: [],
      };
      pushCapped(env.audit, record.audit, AUDIT_KEPT);
      state.environments.set(record.environment.key, env);
      return;
    }
    case 'change': {
      const { change } = record;
      const env = state.environments.get(change.environment);
      if (env === undefined) throw new Error(`journal changes unknown environment "${change.environment}"`);
      if (change.revision !== env.revision + 1) {
        throw new Error(
          `journal jumps from revision ${env.revision} to ${change.revision} in environment "${change.environment}"`,
        );
      }
      if (change.kind === 'flag') {
        if (change.data === null) env.flags.delete(change.key);
        else {
          env.flags.set(change.key, change.data);
          let history = env.flagHistory.get(change.key);
          if (history === undefined) {
            history = [];
            env.flagHistory.set(change.key, history);
          }
          pushCapped(history, change.data, HISTORY_KEPT);
        }
      } else if (change.data === null) env.segments.delete(change.key);
      else env.segments.set(change.key, change.data);
      env.revision = change.revision;
      pushCapped(env.changes, change, CHANGES_KEPT);
      pushCapped(env.audit, record.audit, AUDIT_KEPT);
      return;
    }
    case 'apiKey':
      state.apiKeys.set(record.key.id, record.key);
      pushCapped(state.apiKeyAudit, record.audit, AUDIT_KEPT);
      return;
    case 'plan':
      if (record.plan === null) state.plans.delete(planId(record.environment, record.flag));
      else state.plans.set(planId(record.environment, record.flag), record.plan);
      if (record.audit !== undefined) {
        const env = state.environments.get(record.environment);
        if (env !== undefined) pushCapped(env.audit, record.audit, AUDIT_KEPT);
      }
      return;
    case 'schedule':
      if (record.schedule === null) state.schedules.delete(scheduleKey(record.environment, record.id));
      else state.schedules.set(scheduleKey(record.environment, record.id), record.schedule);
      return;
    case 'trigger': {
      const env = state.environments.get(record.environment);
      if (env === undefined)
        throw new Error(`journal has a trigger of unknown environment "${record.environment}"`);
      if (record.trigger === null) state.triggers.delete(record.id);
      else state.triggers.set(record.id, record.trigger);
      pushCapped(env.audit, record.audit, AUDIT_KEPT);
      return;
    }
    case 'audit': {
      const env = state.environments.get(record.environment);
      if (env === undefined) throw new Error(`journal audits unknown environment "${record.environment}"`);
      pushCapped(env.audit, record.audit, AUDIT_KEPT);
      return;
    }
    case 'webhook':
      if (record.webhook !== null) {
        state.webhooks.set(record.id, record.webhook);
        return;
      }
      state.webhooks.delete(record.id);
      for (const [id, delivery] of state.webhookDeliveries)
        if (delivery.webhookId === record.id) state.webhookDeliveries.delete(id);
      return;
    case 'deliveries':
      for (const delivery of record.deliveries) state.webhookDeliveries.set(delivery.id, delivery);
      for (const webhookId of new Set(record.deliveries.map((d) => d.webhookId)))
        dropOldFinishedDeliveries(state, webhookId);
      return;
  }
}

/** Keeps the newest WEBHOOK_DELIVERIES_KEPT finished deliveries of a webhook (pending ones stay). */
function dropOldFinishedDeliveries(state: StoreState, webhookId: string): void {
  const finished = [...state.webhookDeliveries.values()].filter(
    (d) => d.webhookId === webhookId && d.status !== 'pending',
  );
  for (const old of finished.slice(0, Math.max(0, finished.length - WEBHOOK_DELIVERIES_KEPT)))
    state.webhookDeliveries.delete(old.id);
}

export function toSnapshot(state: StoreState, seq: number): Snapshot {
  return {
    format: 1,
    seq,
    environments: [...state.environments.values()].map((env) => ({
      environment: env.environment,
      revision: env.revision,
      flags: [...env.flags.values()],
      segments: [...env.segments.values()],
      flagHistory: [...env.flagHistory].map(([key, versions]) => ({ key, versions })),
      changes: env.changes,
      audit: env.audit,
    })),
    apiKeys: [...state.apiKeys.values()],
    apiKeyAudit: state.apiKeyAudit,
    plans: [...state.plans.values()],
    schedules: [...state.schedules.values()],
    triggers: [...state.triggers.values()],
    webhooks: [...state.webhooks.values()],
    webhookDeliveries: [...state.webhookDeliveries.values()],
  };
}

export function fromSnapshot(snapshot: Snapshot): StoreState {
  const state = emptyState();
  for (const env of snapshot.environments) {
    state.environments.set(env.environment.key, {
      environment: env.environment,
      revision: env.revision,
      flags: new Map(env.flags.map((f) => [f.key, f])),
      segments: new Map(env.segments.map((s) => [s.key, s])),
      flagHistory: new Map(env.flagHistory.map((h) => [h.key, h.versions])),
      changes: env.changes,
      audit: env.audit,
    });
  }
  for (const key of snapshot.apiKeys) state.apiKeys.set(key.id, key);
  state.apiKeyAudit = snapshot.apiKeyAudit;
  for (const plan of snapshot.plans) state.plans.set(planId(plan.environment, plan.flag), plan);
  for (const schedule of snapshot.schedules)
    state.schedules.set(scheduleKey(schedule.environment, schedule.id), schedule);
  for (const trigger of snapshot.triggers) state.triggers.set(trigger.id, trigger);
  for (const webhook of snapshot.webhooks) state.webhooks.set(webhook.id, webhook);
  for (const delivery of snapshot.webhookDeliveries) state.webhookDeliveries.set(delivery.id, delivery);
  return state;
}
