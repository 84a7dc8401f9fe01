import { conflictDetailsSchema, type ErrorBody } from '@switchyard/shared';
import { type CliError, failure } from '../errors.js';

/** What a request was about, so that a 404 or 409 can name it. */
export interface RequestSubject {
  env?: string;
  flag?: string;
  version?: number;
  /** The alert trigger asked for. */
  trigger?: string;
  /** The webhook asked for. */
  webhook?: string;
  /** What was asked of the flag's rollout plan. */
  plan?: 'show' | 'start' | 'pause' | 'resume' | 'abort';
  /** A document written by `switchyard apply`, which plans against the versions it read. */
  applying?: { kind: 'flag' | 'segment'; key: string };
}

/**
 * One line for a refused request. The common cases get a message that says what to do; anything
 * else carries the server's own message, which names the field for validation errors.
 */
export function describeHttpFailure(
  status: number,
  error: ErrorBody['error'] | undefined,
  subject: RequestSubject,
  baseUrl: string,
): CliError {
  const code = error?.code;
  const serverMessage = error?.message ?? `HTTP ${status} from ${baseUrl}`;
  if (status === 401) return failure('the token was refused (401): set SWITCHYARD_TOKEN or --token');
  if (status === 403) return failure(`this token may not do that (403): ${serverMessage}`);
  if (code === 'SY_ERR_FLAG_NOT_FOUND' && subject.flag !== undefined) {
    return failure(`no flag "${subject.flag}" in environment "${subject.env}"`);
  }
  if (code === 'SY_ERR_ENVIRONMENT_NOT_FOUND' && subject.env !== undefined) {
    return failure(`no environment "${subject.env}"`);
  }
  if (code === 'SY_ERR_VERSION_NOT_FOUND' && subject.flag !== undefined) {
    return failure(`flag "${subject.flag}" in "${subject.env}" has no version ${subject.version}`);
  }
  if (code === 'SY_ERR_TRIGGER_NOT_FOUND' && subject.trigger !== undefined) {
    return failure(`flag "${subject.flag}" in "${subject.env}" has no trigger "${subject.trigger}"`);
  }
  if (code === 'SY_ERR_WEBHOOK_NOT_FOUND' && subject.webhook !== undefined) {
    return failure(`no webhook "${subject.webhook}"`);
  }
  if (code === 'SY_ERR_PLAN_NOT_FOUND' && subject.flag !== undefined) {
    return noPlan(subject.env ?? '', subject.flag);
  }
  // A plan is not versioned like a flag: the server says which state it is in instead.
  if (code === 'SY_ERR_CONFLICT' && subject.plan !== undefined) {
    return failure(`cannot ${subject.plan} the plan: ${lowerFirst(serverMessage)}`);
  }
  if ((code === 'SY_ERR_CONFLICT' || code === 'SY_ERR_ALREADY_EXISTS') && subject.applying !== undefined) {
    const { kind, key } = subject.applying;
    return failure(
      `${kind} "${key}" was changed on the server after the plan was made (${code}); nothing of it was overwritten: run switchyard apply again to see the new plan`,
    );
  }
  if (code === 'SY_ERR_CONFLICT') return conflict(error?.details);
  if (status === 404 && error === undefined) {
    return failure(`${baseUrl} answered 404: is --url the address of a Switchyard server?`);
  }
  if (status === 400) return failure(`the server rejected the request (400): ${serverMessage}`);
  return failure(`the server answered ${status}${code ? ` ${code}` : ''}: ${serverMessage}`);
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function conflict(details: unknown): CliError {
  const parsed = conflictDetailsSchema.safeParse(details);
  const current = parsed.success ? parsed.data.currentVersion : null;
  if (current === null) return failure('version conflict: the flag does not exist any more');
  return failure(
    `version conflict: the flag is at version ${current}; rerun with --if-version ${current} after checking`,
  );
}

/** Why fetch could not get an answer, as "cannot reach <url>: <reason>". */
export function describeNetworkFailure(err: unknown, baseUrl: string, timeoutMs: number): CliError {
  return failure(`cannot reach ${baseUrl}: ${networkReason(err, timeoutMs)}`);
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
};

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  // fetch wraps the socket error: TypeError("fetch failed") whose cause has the code, or an
  // AggregateError of one error per address tried.
  const cause = err instanceof Error ? err.cause : undefined;
  const code = codeOf(cause) ?? codeOf(errorsOf(cause)[0]);
  if (code !== undefined && REASONS[code] !== undefined) return REASONS[code];
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('code' in value)) return undefined;
  return typeof value.code === 'string' ? value.code : undefined;
}

function errorsOf(value: unknown): unknown[] {
  return value instanceof AggregateError ? value.errors : [];
}

/** A flag without a rollout plan, and how to start one. */
export function noPlan(env: string, flag: string): CliError {
  return failure(
    `flag "${flag}" in "${env}" has no rollout plan (start one: switchyard flags plan start ${flag} --steps 1,5,25,50,100 --env ${env})`,
  );
}
