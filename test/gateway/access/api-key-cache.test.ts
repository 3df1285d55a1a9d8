import { matchApiKey, parseApiKeys } from '../../../src/gateway/access/api-keys';

/** matchApiKey remembers accepted keys (no SHA-256 per request); what it answers must not change. */
describe('API key matching with accepted keys remembered', () => {
  const entries = parseApiKeys('web=key-one-0001:read,key-two-0002:read+write');

  it('answers the same principal for a key on every request', () => {
    const first = matchApiKey(entries, 'key-one-0001');
    expect(first?.id).toBe('web');
    expect(matchApiKey(entries, 'key-one-0001')).toBe(first);
    expect(matchApiKey(entries, 'key-two-0002')?.scopes.has('write')).toBe(true);
  });

  it('keeps refusing an unknown key, also after valid keys were seen', () => {
    matchApiKey(entries, 'key-one-0001');
    expect(matchApiKey(entries, 'key-one-0001x')).toBeNull();
    expect(matchApiKey(entries, 'key-one-000')).toBeNull();
    expect(matchApiKey(entries, 'key-one-0001x')).toBeNull();
  });

  it('does not carry a key accepted by one key list over to another', () => {
    expect(matchApiKey(entries, 'key-two-0002')).not.toBeNull();
    expect(matchApiKey(parseApiKeys('other-key-0003:read'), 'key-two-0002')).toBeNull();
  });
});
