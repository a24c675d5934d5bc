/**
 * The one vocabulary of how a message travels.
 * - Channel: what the vendor delivers by. AlimTalk first; SMS or LMS (long SMS) when
 *   KakaoTalk cannot reach the person. Metrics, reports and rows say the channel.
 * - SendLeg: which of a notification's two sends a job runs. The failback leg's
 *   channel is the row's `failbackChannel` (SMS or LMS, chosen by the text's length).
 */
export const CHANNELS = ['alimtalk', 'sms', 'lms'] as const;
export type Channel = (typeof CHANNELS)[number];
export type FailbackChannel = Exclude<Channel, 'alimtalk'>;

export type SendLeg = 'alimtalk' | 'failback';
