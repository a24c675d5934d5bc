import type { AdminApi } from './admin-api.js';
import type { AdminCommand } from './arguments.js';
import { runKeyCommand } from './key-commands.js';
import type { Outcome } from './outcome.js';
import { runTenantCommand, type TenantCommand } from './tenant-commands.js';

const isTenantCommand = (command: AdminCommand): command is TenantCommand => command.name.startsWith('tenants ');

/** Asks the admin API what the command says; an answer outside 2xx throws AdminApiError. */
export function runCommand(api: AdminApi, command: AdminCommand): Promise<Outcome> {
  return isTenantCommand(command) ? runTenantCommand(api, command) : runKeyCommand(api, command);
}
