export * from './notification-status.js';
export { maskPhone, maskPhonesIn, normalizeKoreanMobile } from './phone.js';
export { placeholdersOf, renderTemplate, type RenderResult } from './template-render.js';
export { classifyVendorFailure, isChannelFailure, type FailureClass, type VendorFailure } from './vendor-failure.js';
export { retryDelayMs, type RetryPolicy } from './retry-delay.js';
export { defaultLmsTitle, eucKrByteLength, failbackChannelFor, LMS_MAX_BYTES, LMS_TITLE_MAX_BYTES, SMS_MAX_BYTES } from './sms-length.js';
export { shapeLimiter } from './rate-shape.js';
export { acceptsRecipients, CAMPAIGN_STATUSES, campaignSourcesFor, type CampaignStatus } from './campaign-status.js';
export { renderCampaignMessage, type CampaignTemplate, type RenderedCampaignMessage } from './campaign-message.js';
