import { usageError } from '../errors.js';
import { parseKey, stringOption } from './arguments.js';
import type { OptionSpec, OptionValues } from './command.js';

export const DEFAULT_URL = 'http://127.0.0.1:4242';
export const DEFAULT_ENV = 'production';

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  env: { type: 'string', value: 'name', description: `environment (default: ${DEFAULT_ENV})` },
  url: {
    type: 'string',
    value: 'url',
    description: `server address (default: $SWITCHYARD_URL, else ${DEFAULT_URL})`,
  },
  token: { type: 'string', value: 'token', description: 'admin key (default: $SWITCHYARD_TOKEN)' },
  json: { type: 'boolean', description: "print the API's JSON instead of tables" },
  help: { type: 'boolean', short: 'h', description: 'show help for a command' },
};

export interface GlobalSettings {
  url: string;
  token: string;
  env: string;
  envGiven: boolean;
  json: boolean;
}

/** Options first, then the environment variables, then the defaults. */
export function resolveGlobalSettings(
  options: OptionValues,
  environment: Record<string, string | undefined>,
): GlobalSettings {
  const url = stringOption(options, 'url') ?? nonEmpty(environment.SWITCHYARD_URL) ?? DEFAULT_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`--url must be an http or https address such as ${DEFAULT_URL}; got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`--url must be an http or https address such as ${DEFAULT_URL}; got "${url}"`);
  }
  const token = stringOption(options, 'token') ?? nonEmpty(environment.SWITCHYARD_TOKEN);
  if (token === undefined) throw usageError('no admin token: set SWITCHYARD_TOKEN or --token');
  const envOption = stringOption(options, 'env');
  return {
    url,
    token,
    env: envOption === undefined ? DEFAULT_ENV : parseKey(envOption, '--env'),
    envGiven: envOption !== undefined,
    json: options.json === true,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
