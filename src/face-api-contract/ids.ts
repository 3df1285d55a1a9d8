/**
 * The grammar of the ids a client may put into an upstream path (database and feature ids).
 *
 * An id is one opaque path segment: 1 to 128 characters from RFC 3986's unreserved set (A–Z a–z 0–9 - . _ ~),
 * not starting with a dot. Every id the cloud documents (db_id: a UUID) and every id the local Face API makes
 * (UUIDs) fits; nothing that fits can be a dot segment, a second segment, a query or a fragment, or needs
 * percent-encoding, so no router or proxy on the way can read it as anything but itself.
 */
export const ID_PATTERN = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$/;

export const ID_RULE = '1 to 128 characters from A-Z a-z 0-9 - . _ ~, not starting with a dot';

export function isOpaqueId(id: string): boolean {
  return ID_PATTERN.test(id);
}
