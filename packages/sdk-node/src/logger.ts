/** Where the SDK writes what it does. Any object with these four methods will do (pino, winston, console). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * A logger that writes to the console, prefixed with `[switchyard]`, dropping messages below `level`.
 * The default logger is `consoleLogger('warn')`.
 */
export function consoleLogger(level: LogLevel = 'warn'): Logger {
  const min = LEVELS.indexOf(level);
  const write =
    (at: LogLevel, sink: (message: string) => void) =>
    (message: string): void => {
      if (LEVELS.indexOf(at) >= min) sink(`[switchyard] ${message}`);
    };
  return {
    debug: write('debug', console.debug),
    info: write('info', console.info),
    warn: write('warn', console.warn),
    error: write('error', console.error),
  };
}

/** `logger` with every method guarded: a logger that throws must not take the SDK down with it. */
export function guardLogger(logger: Logger): Logger {
  const guard =
    (method: keyof Logger) =>
    (message: string): void => {
      try {
        logger[method](message);
      } catch {
        // Nowhere left to report it.
      }
    };
  return { debug: guard('debug'), info: guard('info'), warn: guard('warn'), error: guard('error') };
}
