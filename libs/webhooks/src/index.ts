export { isSigningSecret, newSigningSecret, SECRET_PREFIX, signDelivery, type SignedHeaders } from './signature.js';
export { isPrivateAddress } from './endpoint-address.js';
