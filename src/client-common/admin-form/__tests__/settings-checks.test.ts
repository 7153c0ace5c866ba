import { corpIdWarning, originError, redirectPathError } from '../settings-checks';

describe('settings checks', () => {
  it('warns about a Corp ID of an unusual shape, never about the usual one or an empty one', () => {
    expect(corpIdWarning('ww0123456789abcdef')).toBeUndefined();
    expect(corpIdWarning('WW0123456789ABCDEF')).toBeUndefined();
    expect(corpIdWarning('')).toBeUndefined();
    expect(corpIdWarning(undefined)).toBeUndefined();
    expect(corpIdWarning('wx0123456789abcdef')).toMatch(/does not look like a WeCom Corp ID/);
    expect(corpIdWarning('ww0123')).toMatch(/does not look like a WeCom Corp ID/);
  });

  it('accepts an origin of scheme + host (+ port) only', () => {
    for (const ok of ['', 'https://nb.example.com', 'http://10.0.0.2:13000', 'https://nb.example.com/']) {
      expect(originError(ok)).toBeUndefined();
    }
    for (const bad of ['nb.example.com', 'https://nb.example.com/admin', 'https://nb.example.com?x=1', 'ftp://x']) {
      expect(originError(bad)).toMatch(/scheme and host/);
    }
  });

  it('accepts a redirect path on this site only', () => {
    expect(redirectPathError('/admin')).toBeUndefined();
    expect(redirectPathError('')).toBeUndefined();
    expect(redirectPathError('admin')).toMatch(/starts with \//);
    expect(redirectPathError('//evil.example.com')).toMatch(/starts with \//);
    expect(redirectPathError('https://evil.example.com')).toMatch(/starts with \//);
  });
});
