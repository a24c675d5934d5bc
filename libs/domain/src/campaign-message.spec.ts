import { describe, expect, it } from '@jest/globals';
import { renderCampaignMessage } from './campaign-message.js';

describe('renderCampaignMessage', () => {
  const template = { body: '#{name}님, #{event} 안내', failbackBody: '[Herald] #{name}님 #{event}' };

  it('lets a recipient override the campaign variables', () => {
    const message = renderCampaignMessage(template, { name: '고객', event: '세일' }, { name: '김하늘' });
    expect(message).toMatchObject({ ok: true, text: '김하늘님, 세일 안내', failback: { text: '[Herald] 김하늘님 세일', channel: 'sms', title: null } });
  });

  it('names the variables a recipient lacks', () => {
    expect(renderCampaignMessage(template, {}, { name: '김하늘' })).toMatchObject({ ok: false, reason: 'missing variable(s): event' });
  });

  it('gives a long failback an LMS title from its first line', () => {
    const long = { body: 'x', failbackBody: `제목 줄\n${'가'.repeat(60)}` };
    expect(renderCampaignMessage(long, {}, null)).toMatchObject({ ok: true, failback: { channel: 'lms', title: '제목 줄' } });
  });

  it('has no failback when the template has none', () => {
    expect(renderCampaignMessage({ body: 'hi', failbackBody: null }, {}, null)).toMatchObject({ ok: true, failback: null });
  });
});
