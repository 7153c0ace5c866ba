/**
 * Mobile numbers compared the way people write them: `+86 138-0000-0000`, `008613800000000` and
 * `13800000000` are one number. Other country codes are kept (`+852 ...` stays distinct from a CN number).
 */
export function normalizePhone(value: unknown): string {
  let digits = String(value ?? '').replace(/[\s\-().]/g, '');
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  }
  if (!/^\d+$/.test(digits)) {
    return '';
  }
  // China's country code in front of an 11-digit mobile number.
  if (digits.length === 13 && digits.startsWith('861')) {
    return digits.slice(2);
  }
  return digits;
}

/** A short run of digits every spelling of the number contains: narrows the database search. */
export function phoneSearchFragment(normalized: string): string {
  return normalized.slice(-4);
}
