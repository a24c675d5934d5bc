import { z } from 'zod';

/** The one error shape (errors/api-error.ts), as a schema: documented in OpenAPI and checked against every example. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    /** Stable and machine-readable: branch on it, not on the message. */
    code: z.string(),
    message: z.string(),
    /** The request part at fault: a body path (`variables.order`), a parameter or a header. */
    field: z.string().optional(),
  }),
});
