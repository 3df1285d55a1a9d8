/**
 * Process logs: JSON lines on standard output (pino). LOG_LEVEL picks the level (default info);
 * LOG_FORMAT=pretty prints human-readable lines instead (pino-pretty, for a terminal, never the default).
 * What is logged is chosen field by field by the callers: no request body, header, image or key is ever passed
 * in, and `redact` is a second line of defence for the header names that carry credentials.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Record<string, string | undefined>;

export function logLevel(env: Env = process.env): string {
  const level = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  return (LOG_LEVELS as readonly string[]).includes(level) ? level : 'info';
}

/** Base64 runs, tokens and keys are long unbroken runs of these characters: never worth a log line. */
const LONG_TOKEN = /[A-Za-z0-9+/=_-]{48,}/g;

function scrub(text: unknown): unknown {
  return typeof text === 'string' ? text.replace(LONG_TOKEN, '[long token removed]') : text;
}

/** Errors are the one place where text not chosen by us (a library's message) reaches a log line. */
function errorSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  return { ...serialized, message: scrub(serialized.message), stack: scrub(serialized.stack) };
}

/** `destination`: where the lines go instead of standard output (the bench: /dev/null); ignored with LOG_FORMAT=pretty. */
export function createLogger(env: Env = process.env, destination?: pino.DestinationStream): Logger {
  const pretty = env.LOG_FORMAT?.trim().toLowerCase() === 'pretty';
  const options: pino.LoggerOptions = {
    level: logLevel(env),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: errorSerializer },
    redact: {
      paths: ['authorization', 'headers.authorization', 'headers.cookie', 'headers["x-date"]', '*.secretKey', 'secretKey'],
      censor: '[redacted]',
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  };
  return destination && !pretty ? pino(options, destination) : pino(options);
}

/** The process's logger; components take a child with their name (`logger.child({ component })`). */
export const logger: Logger = createLogger();
