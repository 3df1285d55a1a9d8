import { GraphQLError, type ValidationRule } from 'graphql';

/** 64 KiB: over ten times the largest operation in schema/operations/, far below what parsing costs much. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024;

/**
 * Refuses a document over `maxBytes` (UTF-8) whatever it is made of: the token limit does not count
 * whitespace, comments or long string literals, so a 5 MB document of blanks would otherwise pass.
 */
export function maxDocumentBytesRule(maxBytes: number): ValidationRule {
  return (context) => {
    const body = context.getDocument().loc?.source.body ?? '';
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > maxBytes) {
      context.reportError(new GraphQLError(`The document is ${bytes} bytes; the limit is ${maxBytes} (GRAPHQL_MAX_DOCUMENT_BYTES)`));
    }
    return {};
  };
}
