/** Client permissions. Reads need `read`; feature writes need `write`; database create/delete need `admin`. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Who is calling. `id` is safe to log (a key label or a token subject, never the secret itself). */
export interface Principal {
  id: string;
  scopes: ReadonlySet<Scope>;
}
