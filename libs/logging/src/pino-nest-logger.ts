import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import { maskPhonesIn } from '../../domain/src/index.js';

const PINO_LEVEL: Record<LogLevel, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's logger interface over pino, so every `new Logger(Context)` in Herald and in
 * Nest itself writes one JSON line. A message may be a string or an object of fields
 * (`{ msg, notificationId, ... }`). Phone numbers in any string are masked here: the
 * last place before a log line leaves the process.
 */
export class PinoNestLogger implements LoggerService {
  private enabled?: Set<LogLevel>;

  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest's own level filter (tests pass ['error']); LOG_LEVEL filters in pino as well. */
  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    if (this.enabled && !this.enabled.has(level)) return;
    const rest = [...params];
    // Nest appends the Logger's context last; error() puts a stack (or undefined) before it.
    const hasContext = typeof rest.at(-1) === 'string' && (level !== 'error' || rest.length >= 2);
    const context = hasContext ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    let msg: string;
    if (message instanceof Error) {
      fields.err = errorFields(message);
      msg = message.message;
    } else if (message !== null && typeof message === 'object') {
      const { msg: text, message: alt, ...own } = message as Record<string, unknown>;
      Object.assign(fields, masked(own));
      // Nest's msg/message is text (or a number); anything else keeps String()'s form, as it always has.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- deliberate coercion of an unknown value
      msg = String(text ?? alt ?? '');
    } else {
      msg = String(message);
    }
    for (const extra of rest) {
      if (typeof extra === 'string') fields.stack = maskPhonesIn(extra);
      else if (extra instanceof Error) fields.err = errorFields(extra);
      else if (extra !== null && typeof extra === 'object') Object.assign(fields, masked(extra as Record<string, unknown>));
    }
    this.pino[PINO_LEVEL[level]](fields, maskPhonesIn(msg));
  }
}

function masked(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? maskPhonesIn(value) : value]));
}

function errorFields(error: Error) {
  return { type: error.name, message: maskPhonesIn(error.message), stack: maskPhonesIn(error.stack ?? '') };
}
