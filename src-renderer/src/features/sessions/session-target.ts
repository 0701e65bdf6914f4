/**
 * What the user typed in "New session", made into an address the core takes: `user@domain` and `sip:`/`sips:`
 * URIs pass unchanged; a bare user name gets the domain of the calling account (as a phone adds the area code).
 */
export function completeTarget(input: string, accountAddress: string): string {
  const typed = input.trim();
  if (typed === '' || typed.includes('@')) return typed;
  const domain = accountAddress.slice(accountAddress.lastIndexOf('@') + 1);
  return domain === '' || !accountAddress.includes('@') ? typed : `${typed}@${domain}`;
}

/** A problem with the typed address, checked before asking the core (which checks again); null when fine. */
export function targetProblem(target: string): string | null {
  if (target === '') return 'Enter the address of the person to reach, such as bob@example.com.';
  if (/\s/.test(target)) return 'An address has no spaces: check what you typed.';
  const at = target.indexOf('@');
  const user = target.slice(0, at).replace(/^sips?:/i, '');
  if (at === -1 || user === '' || at === target.length - 1 || target.indexOf('@', at + 1) !== -1) {
    return 'Enter an address such as bob@example.com or sip:bob@example.com.';
  }
  return null;
}
