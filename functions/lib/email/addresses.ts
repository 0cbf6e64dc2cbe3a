/** A practical RFC 5322 subset: what SES accepts and what people type; no display names, no quoting. */
export const EMAIL_PATTERN =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** True for a single address PartnerFlow will send to (at most 254 characters, no control characters). */
export function isValidEmail(address: string): boolean {
  return address.length <= 254 && EMAIL_PATTERN.test(address);
}
