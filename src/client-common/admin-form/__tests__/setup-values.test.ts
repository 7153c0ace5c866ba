import { effectiveOrigin, trustedDomainOf, workbenchLinkOf } from '../setup-values';

describe('values the admin copies into WeCom', () => {
  const site = 'http://localhost:13000';

  it('uses the Origin field, else this site', () => {
    expect(effectiveOrigin('https://nb.example.com', site)).toBe('https://nb.example.com');
    expect(effectiveOrigin('  https://nb.example.com/  ', site)).toBe('https://nb.example.com');
    expect(effectiveOrigin('', site)).toBe(site);
    expect(effectiveOrigin(undefined, site)).toBe(site);
    expect(effectiveOrigin('not a url', site)).toBeNull();
    expect(effectiveOrigin('ftp://nb.example.com', site)).toBeNull();
  });

  it('gives the trusted domain without scheme and without :443', () => {
    expect(trustedDomainOf('https://nb.example.com')).toBe('nb.example.com');
    expect(trustedDomainOf(effectiveOrigin('https://nb.example.com:443', site))).toBe('nb.example.com');
    expect(trustedDomainOf(effectiveOrigin('http://nb.example.com:443', site))).toBe('nb.example.com');
    expect(trustedDomainOf('https://nb.example.com:8443')).toBe('nb.example.com:8443');
    expect(trustedDomainOf(null)).toBeNull();
  });

  it('gives the workbench link under the API prefix, with the name encoded', () => {
    expect(workbenchLinkOf('https://nb.example.com', '/api/', 'wecom')).toBe(
      'https://nb.example.com/api/wecom:workbench?authenticator=wecom',
    );
    expect(workbenchLinkOf('https://nb.example.com', '/nb/api/', 'a b&c')).toBe(
      'https://nb.example.com/nb/api/wecom:workbench?authenticator=a%20b%26c',
    );
    expect(workbenchLinkOf('https://nb.example.com', '/api/', '')).toBeNull();
    expect(workbenchLinkOf(null, '/api/', 'wecom')).toBeNull();
  });

  it('points a sub-app of the multi-app manager at that sub-app through the gateway, under the public path', () => {
    expect(workbenchLinkOf('https://nb.example.com', '/api/', 'wecom', 'a')).toBe(
      'https://nb.example.com/api/__app/a/wecom:workbench?authenticator=wecom',
    );
    expect(workbenchLinkOf('https://nb.example.com', '/nocobase/api/', 'wecom', 'sub_1')).toBe(
      'https://nb.example.com/nocobase/api/__app/sub_1/wecom:workbench?authenticator=wecom',
    );
    expect(workbenchLinkOf('https://nb.example.com', '/api/', 'wecom', undefined)).toBe(
      'https://nb.example.com/api/wecom:workbench?authenticator=wecom',
    );
  });
});
