import { phoneSearchFragment, samePhone, toE164 } from '../phone';
import { privilegedRoles } from '../../settings';

/** `users.phone` is typed by people; only numbers that are the same E.164 number may match. */
describe('phone numbers as E.164', () => {
  const CN = '13855551234';

  it.each([
    ['13855551234', '+8613855551234'],
    ['+86 138 5555 1234', '+8613855551234'],
    ['0086-138-5555-1234', '+8613855551234'],
    ['+8613855551234', '+8613855551234'],
    ['(+86) 138.5555.1234', '+8613855551234'],
    ['+1 385-555-1234', '+13855551234'],
    ['001 385 555 1234', '+13855551234'],
    ['+852 1385 5551', '+85213855551'],
  ])('%s is %s', (spelling, e164) => {
    expect(toE164(spelling)).toBe(e164);
  });

  it.each(['13855551234', '+86 138 5555 1234', '0086-138-5555-1234', '+8613855551234'])(
    '%s is the Chinese mobile 13855551234',
    (spelling) => {
      expect(samePhone(spelling, CN)).toBe(true);
      expect(phoneSearchFragment(toE164(CN))).toBe('1234');
      expect(spelling.replace(/\D/g, '')).toContain(phoneSearchFragment(toE164(CN)));
    },
  );

  it.each(['+1 385-555-1234', '001 385 555 1234', '3855551234', '+852 1385 5551'])(
    '%s is not the Chinese mobile 13855551234',
    (spelling) => {
      expect(samePhone(spelling, CN)).toBe(false);
    },
  );

  it.each(['3855551234', '8613855551234', '23855551234', '138555512345', '', '+', '00', 'abc', '+86 138 5555 123x'])(
    'a number without a country code, or no number, matches nothing: %j',
    (spelling) => {
      expect(toE164(spelling)).toBe('');
      expect(samePhone(spelling, spelling)).toBe(false);
    },
  );

  it('matches nothing for values that are not text', () => {
    for (const value of [null, undefined, {}, [CN], true]) {
      expect(toE164(value)).toBe('');
    }
  });
});

describe('privileged roles setting', () => {
  it('defaults to root and admin', () => {
    expect(privilegedRoles(undefined)).toEqual(['root', 'admin']);
    expect(privilegedRoles('')).toEqual(['root', 'admin']);
    expect(privilegedRoles([])).toEqual(['root', 'admin']);
  });

  it('reads an array or a text of names separated by commas or spaces', () => {
    expect(privilegedRoles(['admin', 'auditor'])).toEqual(['admin', 'auditor']);
    expect(privilegedRoles(' admin, auditor，finance  hr ')).toEqual(['admin', 'auditor', 'finance', 'hr']);
    expect(privilegedRoles('auditor')).toEqual(['auditor']);
  });
});
