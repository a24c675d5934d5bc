import type { LogLevel } from '@nestjs/common';
import { pino, type DestinationStream } from 'pino';
import type { LoggingConfig } from '../../config/src/index.js';
import { currentLogFields } from './log-context.js';
import { PinoNestLogger } from './pino-nest-logger.js';

/**
 * The app's logger: pino JSON lines on stdout, or pino-pretty's readable lines when
 * LOG_PRETTY is set (or NODE_ENV=development and LOG_PRETTY is not false). pino-pretty
 * is loaded only then. Each line carries the job/request fields in scope
 * (withLogContext). `destination` is for tests.
 */
export async function createAppLogger(
  app: string,
  config: LoggingConfig,
  options: { levels?: LogLevel[]; destination?: DestinationStream } = {},
): Promise<PinoNestLogger> {
  const pretty = config.LOG_PRETTY ?? config.NODE_ENV === 'development';
  const stream = pretty ? await prettyStream(options.destination) : options.destination;
  const logger = new PinoNestLogger(pino({ name: app, level: config.LOG_LEVEL, mixin: currentLogFields, timestamp: pino.stdTimeFunctions.isoTime }, stream));
  if (options.levels) logger.setLogLevels(options.levels);
  return logger;
}

async function prettyStream(destination: DestinationStream | undefined): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  // sync: a line written just before process.exit (a signal's close) is not lost.
  return pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', ...(destination ? { destination, colorize: false } : {}) });
}
