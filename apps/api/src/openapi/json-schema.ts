import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (2020-12, as OpenAPI 3.1 uses) of the JSON on the wire: the input side
 * of the zod schema. For a request that is what a client may send (defaults optional,
 * transforms documented by their input); for an answer, what a client reads (isoTime
 * decodes a time's string into the Date the code holds).
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}
