import type { ApiConfig } from '../../../libs/config/src/index.js';

/** Injection token for the API's parsed configuration. */
export const API_CONFIG = Symbol('API_CONFIG');
export type { ApiConfig };
