import { describe, expect, it } from 'vitest';
import { parseStoreUrl, redactUrl } from './url.js';

describe('parseStoreUrl', () => {
  it('reads sqlite paths and redis URLs with their key prefix', () => {
    expect(parseStoreUrl('sqlite:data/feeds.db')).toEqual({ kind: 'sqlite', path: 'data/feeds.db' });
    expect(parseStoreUrl('sqlite:///tmp/f.db')).toEqual({ kind: 'sqlite', path: '/tmp/f.db' });
    expect(parseStoreUrl('redis://127.0.0.1:6379/2')).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379/2',
      prefix: 'wemoms:',
    });
    expect(parseStoreUrl('redis://h:1/0?prefix=feed:')).toMatchObject({
      url: 'redis://h:1/0',
      prefix: 'feed:',
    });
  });

  it('rejects anything else, naming the expected forms and hiding passwords', () => {
    expect(() => parseStoreUrl('postgres://x')).toThrow(/expected sqlite:<path> or redis:\/\/host:port\/db/);
    expect(() => parseStoreUrl('sqlite:')).toThrow(/sqlite:<path/);
    expect(() => parseStoreUrl('redis://:secret@h:1/abc')).toThrow(/database "abc"/);
    expect(() => parseStoreUrl('redis://:secret@h:1/abc')).not.toThrow(/secret/);
    expect(redactUrl('redis://user:secret@host:6379/0')).toBe('redis://user:***@host:6379/0');
  });
});
