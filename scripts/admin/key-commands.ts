import type { AdminApi } from './admin-api.js';
import { keyHeadline, keyTable, shownKey, SHOWN_ONCE, time } from './admin-output.js';
import type { IssuedKeyAnswer, KeyAnswer, Listing, RotatedKeyAnswer } from './api-answers.js';
import type { AdminCommand } from './arguments.js';
import type { Outcome } from './outcome.js';

export type KeyCommand = Extract<AdminCommand, { name: `keys ${string}` }>;

const keysPath = (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}/keys`;

export async function runKeyCommand(api: AdminApi, command: KeyCommand): Promise<Outcome> {
  switch (command.name) {
    case 'keys create': {
      const key = await api<IssuedKeyAnswer>('POST', keysPath(command.tenantId), command.body);
      return { answer: key, lines: [`created ${keyHeadline(key)}:`, ...shownKey(key)], notice: SHOWN_ONCE };
    }
    case 'keys list': {
      const listing = await api<Listing<KeyAnswer>>('GET', keysPath(command.tenantId));
      return { answer: listing, lines: keyTable(listing.items) };
    }
    case 'keys rotate': {
      const key = await api<RotatedKeyAnswer>('POST', `${keysPath(command.tenantId)}/${encodeURIComponent(command.keyId)}/rotate`, command.body);
      const old = key.replaces;
      const oldEnds = command.body.graceSeconds === 0 ? 'stopped working now' : `keeps working until ${time(old.expiresAt)}, then only the new key does`;
      return {
        answer: key,
        lines: [`rotated ${old.id}; its replacement is ${keyHeadline(key)}:`, ...shownKey(key), `${old.id} ${oldEnds}.`],
        notice: SHOWN_ONCE,
      };
    }
    case 'keys revoke': {
      await api<undefined>('DELETE', `${keysPath(command.tenantId)}/${encodeURIComponent(command.keyId)}`);
      return { answer: undefined, lines: [`revoked key ${command.keyId} of tenant ${command.tenantId}: it is refused (401) from the next request on`] };
    }
  }
}
