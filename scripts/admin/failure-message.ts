import { ConfigError } from '../../libs/config/src/index.js';
import { AdminApiError, ApiUnreachableError } from './admin-api.js';
import { AdminSetupError, type AdminTarget } from './admin-target.js';
import { UsageError } from './usage.js';

/**
 * What to tell the operator about a failure they can act on: the API's code and
 * message, or what to check. Undefined for anything else (a bug: print it whole).
 * Names where the operator key came from, never the key.
 */
export function failureMessage(error: unknown, target: AdminTarget | undefined): string | undefined {
  if (error instanceof UsageError || error instanceof AdminSetupError || error instanceof ConfigError) return error.message;
  if (error instanceof ApiUnreachableError) {
    return `\`npm start\` does not seem to run at ${error.apiUrl} (${error.reason}). Start it, or point --api-url or HERALD_API_URL at the API.`;
  }
  if (!(error instanceof AdminApiError)) return undefined;
  const stated = `${error.code}: ${error.message}${error.field ? ` (${error.field})` : ''}`;
  const refusedKey = error.status === 401 || error.code === 'forbidden';
  if (!refusedKey || !target) return stated;
  return `${stated}. The API at ${target.apiUrl} refused the operator key from ${target.keySource}: set HERALD_OPERATOR_KEY to one of the operator keys it was started with (its HERALD_OPERATOR_KEYS).`;
}
