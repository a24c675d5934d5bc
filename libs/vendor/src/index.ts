export * from './protocol.js';
export { VendorError, type VendorClient } from './vendor-client.js';
export { HttpVendorClient, type HttpVendorClientOptions } from './http-vendor-client.js';
export { isValidReportSignature, signReportBody } from './report-signature.js';
