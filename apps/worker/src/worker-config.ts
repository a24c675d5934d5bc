import type { WorkerConfig } from '../../../libs/config/src/index.js';

/** Injection tokens of the worker app. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const VENDOR_CLIENT = Symbol('VENDOR_CLIENT');
export type { WorkerConfig };
