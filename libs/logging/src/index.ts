export { createAppLogger } from './create-logger.js';
export { currentLogFields, jobLogFields, withLogContext, type LogFields } from './log-context.js';
export { PinoNestLogger } from './pino-nest-logger.js';
