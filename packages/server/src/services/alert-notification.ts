/**
 * What an alerting system's webhook says, read from its body alone (no headers are trusted):
 * - Alertmanager: `{ version, status: "firing" | "resolved", alerts: [...], commonLabels, ... }`;
 * - Grafana: the same shape plus `orgId` (unified alerting), or the legacy
 *   `{ state: "alerting" | "ok" | ..., ruleName, tags }`;
 * - anything else (or no body): a generic call, which always fires.
 */
export interface AlertNotification {
  source: 'alertmanager' | 'grafana' | 'generic';
  firing: boolean;
  /** `firing`, `resolved`, or Grafana's legacy state; `firing` for a generic call. */
  status: string;
  /** The alert's labels (common labels, else those of the first alert); at most 50, strings only. */
  labels: Record<string, string>;
}

const MAX_LABELS = 50;
const MAX_LABEL_LENGTH = 200;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** String labels only, bounded: the body comes from anyone who holds the URL. */
function labelsOf(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isObject(value)) return labels;
  for (const [name, label] of Object.entries(value)) {
    if (Object.keys(labels).length >= MAX_LABELS) break;
    if (typeof label === 'string' && name !== '__proto__')
      labels[name.slice(0, MAX_LABEL_LENGTH)] = label.slice(0, MAX_LABEL_LENGTH);
  }
  return labels;
}

function firstAlertLabels(alerts: unknown[]): unknown {
  const first = alerts[0];
  return isObject(first) ? first.labels : undefined;
}

/** Reads a webhook body (raw text); never throws. */
export function readAlertNotification(raw: string | undefined): AlertNotification {
  let body: unknown;
  try {
    body = raw === undefined || raw === '' ? undefined : JSON.parse(raw);
  } catch {
    body = undefined;
  }
  if (isObject(body)) {
    const { status, alerts } = body;
    if (typeof status === 'string' && Array.isArray(alerts) && ('version' in body || 'orgId' in body)) {
      const common = labelsOf(body.commonLabels);
      return {
        source: 'orgId' in body ? 'grafana' : 'alertmanager',
        firing: status === 'firing',
        status,
        labels: Object.keys(common).length > 0 ? common : labelsOf(firstAlertLabels(alerts)),
      };
    }
    if (typeof body.state === 'string' && ('ruleName' in body || 'ruleId' in body)) {
      return {
        source: 'grafana',
        firing: body.state === 'alerting',
        status: body.state,
        labels: labelsOf(body.tags),
      };
    }
  }
  return { source: 'generic', firing: true, status: 'firing', labels: {} };
}
