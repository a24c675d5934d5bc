export * from './notification-status.js';
export { maskPhone, normalizeKoreanMobile } from './phone.js';
export { placeholdersOf, renderTemplate, type RenderResult } from './template-render.js';
export { classifyVendorFailure, type FailureClass, type VendorFailure } from './vendor-failure.js';
