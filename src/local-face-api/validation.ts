import type { z } from 'zod';
import { requestError } from '../face-api-contract';
import { badRequest } from './http';

/** The request body as the contract's schema types it, or 400 INVALID_ARGUMENT naming the offending field. */
export function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badRequest(requestError(parsed.error));
  return parsed.data;
}
