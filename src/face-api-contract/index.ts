/**
 * The Face OpenAPI REST contract, shared by the client (src/upstream/) and the local Face API
 * (src/local-face-api/): wire types, limits, error codes, request signing and the id grammar.
 * The bottom floor: it imports nothing else from src.
 */
export * from './wire';
export * from './requests';
export * from './limits';
export * from './error-codes';
export * from './signing';
export * from './ids';
