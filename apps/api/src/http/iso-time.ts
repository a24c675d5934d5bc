import { z } from 'zod';

/**
 * A time in an answer. Services hold it as a Date, and JSON sends it as an ISO 8601
 * string in UTC (Date#toJSON). As a codec its input is that string, which the OpenAPI
 * document shows and a client reads, and its output the Date: a response schema's
 * output type is then what the service returns, so the compiler keeps schema and code
 * together, while the document describes the JSON on the wire.
 */
export const isoTime = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});
