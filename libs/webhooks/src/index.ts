export { isSigningSecret, newSigningSecret, SECRET_PREFIX, signDelivery, type SignedHeaders } from './signature.js';
export { isPrivateAddress } from './endpoint-address.js';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './event-types.js';
export { SecretBox } from './secret-box.js';
export { postSigned, type PostOutcome } from './signed-post.js';
