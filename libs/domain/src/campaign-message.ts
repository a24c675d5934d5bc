import type { FailbackChannel } from './channel.js';
import { defaultLmsTitle, failbackChannelFor } from './sms-length.js';
import { renderTemplate } from './template-render.js';

export interface CampaignTemplate {
  body: string;
  failbackBody: string | null;
}

export type RenderedCampaignMessage =
  | {
      ok: true;
      variables: Record<string, string>;
      text: string;
      failback: { text: string; title: string | null; channel: FailbackChannel } | null;
    }
  | { ok: false; variables: Record<string, string>; reason: string };

/**
 * One recipient's message: the campaign's variables overlaid by the recipient's own,
 * rendered into the template, and its SMS/LMS failback from the template's
 * failbackBody when there is one and it fits an LMS.
 */
export function renderCampaignMessage(
  template: CampaignTemplate,
  campaignVariables: Record<string, string>,
  recipientVariables: Record<string, string> | null,
): RenderedCampaignMessage {
  const variables = { ...campaignVariables, ...recipientVariables };
  const rendered = renderTemplate(template.body, variables);
  if (!rendered.ok) return { ok: false, variables, reason: `missing variable(s): ${rendered.missing.join(', ')}` };
  let failback = null;
  if (template.failbackBody) {
    const text = renderTemplate(template.failbackBody, variables);
    const channel = text.ok ? failbackChannelFor(text.text) : undefined;
    if (text.ok && channel) failback = { text: text.text, title: channel === 'lms' ? defaultLmsTitle(text.text) : null, channel };
  }
  return { ok: true, variables, text: rendered.text, failback };
}
