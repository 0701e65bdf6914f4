/**
 * Schemas for account settings: the one definition of what a valid account looks like, used by the main
 * process to refuse bad commands and bad files, and by the renderer's form (`validateAccountDraft`) to put
 * a message beside each field. Messages are written for the user and say what to do.
 */
import { z } from 'zod';
import type { AccountDraft, AccountId, AccountSettings } from './account';
import { checkAddress, isHost, type AddressProblem } from './host-syntax';

export const LIMITS = {
  address: 256,
  displayName: 128,
  username: 128,
  host: 255,
  password: 1024,
  filePath: 4096,
  accountId: 64,
  expiresMin: 30,
  expiresMax: 86_400,
} as const;

// C0/C1 controls and DEL, plus the bidirectional overrides that let a name display differently from
// what it is (a spoofing vector in contact lists).
const FORBIDDEN_CHARS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** A plain line of text: bounded, no control characters. */
function text(label: string, max: number, options: { required?: boolean } = {}) {
  let schema = z
    .string({ error: `${label} must be text.` })
    .max(max, { error: `${label} is too long: use at most ${max} characters.` })
    .refine((value) => !FORBIDDEN_CHARS.test(value), {
      error: `${label} contains control characters: remove them.`,
    });
  if (options.required === true) {
    schema = schema.refine((value) => value.trim().length > 0, { error: `Enter ${label.toLowerCase()}.` });
  }
  return schema;
}

function port(label: string) {
  const message = `Enter a ${label} between 1 and 65535.`;
  return z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(65535, { error: message });
}

function host(label: string) {
  return z
    .string({ error: `Enter the ${label}.` })
    .min(1, { error: `Enter the ${label}.` })
    .max(LIMITS.host, { error: `The ${label} is too long.` })
    .refine(isHost, { error: `Enter the ${label} as a host name, an IPv4 address or an IPv6 address.` });
}

function choice<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.enum(values, { error: `Choose ${label}: ${values.join(', ')}.` });
}

const ADDRESS_MESSAGES: Record<AddressProblem, string> = {
  'missing-at': 'Enter the address as user@domain, for example alice@example.com.',
  'bad-user': 'The part before @ contains characters a SIP address cannot have.',
  'bad-domain': 'The part after @ must be a domain name, an IPv4 address or an [IPv6] address.',
  'bad-port': 'The port after the domain must be a number between 1 and 65535.',
};

export const addressSchema = z
  .string({ error: ADDRESS_MESSAGES['missing-at'] })
  .max(LIMITS.address, { error: `The address is too long: use at most ${LIMITS.address} characters.` })
  .superRefine((value, context) => {
    const problem = checkAddress(value);
    if (problem !== null) context.addIssue({ code: 'custom', message: ADDRESS_MESSAGES[problem] });
  });

export const accountIdSchema = z
  .string({ error: 'An account id must be text.' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Not an account id.' })
  .transform((value) => value as AccountId);

export const outboundProxySchema = z.strictObject(
  {
    host: host('proxy host'),
    port: port('proxy port'),
    transport: choice(['udp', 'tcp', 'tls'], 'a proxy transport'),
  },
  { error: 'Outbound proxy settings must be an object, or null for none.' },
);

export const msrpRelaySchema = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('auto') }),
    z.strictObject({
      mode: z.literal('manual'),
      host: host('relay host'),
      port: port('relay port'),
      transport: choice(['tcp', 'tls'], 'a relay transport'),
      username: text('The relay username', LIMITS.username),
    }),
  ],
  { error: "Choose how to find the MSRP relay: 'auto' or 'manual'." },
);

const accountSettingsShape = {
  address: addressSchema,
  displayName: text('The display name', LIMITS.displayName),
  authUsername: text('The authentication username', LIMITS.username),
  outboundProxy: outboundProxySchema.nullable(),
  registration: z.strictObject(
    {
      enabled: z.boolean({ error: 'Registration must be on or off.' }),
      expires: z
        .number({ error: `Enter a registration interval in seconds.` })
        .int({ error: 'Enter the registration interval as whole seconds.' })
        .min(LIMITS.expiresMin, { error: `Use a registration interval of at least ${LIMITS.expiresMin} seconds.` })
        .max(LIMITS.expiresMax, { error: `Use a registration interval of at most ${LIMITS.expiresMax} seconds (one day).` }),
    },
    { error: 'Registration settings must be an object.' },
  ),
  msrpRelay: msrpRelaySchema,
  msrpTransport: choice(['tcp', 'tls'], 'an MSRP transport'),
  msrpConnectionModel: choice(['relay', 'direct'], 'an MSRP connection model'),
  tls: z.strictObject(
    {
      verifyServer: z.boolean({ error: 'Certificate verification must be on or off.' }),
      caFile: text('The CA file path', LIMITS.filePath),
    },
    { error: 'TLS settings must be an object.' },
  ),
};

export const accountSettingsSchema = z.strictObject(accountSettingsShape, {
  error: 'Account settings must be an object.',
}) satisfies z.ZodType<AccountSettings>;

/** `password`: a string sets it (an empty string means none), null clears it, absent keeps it. */
export const passwordSchema = z
  .string({ error: 'The password must be text.' })
  .max(LIMITS.password, { error: `The password is too long: use at most ${LIMITS.password} characters.` })
  // CR, LF and NUL can never be part of a SIP digest credential and would corrupt a header.
  .refine((value) => !/[\r\n\0]/.test(value), { error: 'The password cannot contain line breaks.' });

export const accountDraftSchema = z.strictObject(
  { ...accountSettingsShape, password: passwordSchema.nullable().optional() },
  { error: 'Account settings must be an object.' },
) satisfies z.ZodType<AccountDraft>;

export const lanDisplayNameSchema = text('The display name', LIMITS.displayName, { required: true });

/** Defaults for the new-account form: registered, TLS verified, MSRP over TLS through an auto-found relay. */
export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = Object.freeze({
  address: '',
  displayName: '',
  authUsername: '',
  outboundProxy: null,
  registration: Object.freeze({ enabled: true, expires: 600 }),
  msrpRelay: Object.freeze({ mode: 'auto' as const }),
  msrpTransport: 'tls' as const,
  msrpConnectionModel: 'relay' as const,
  tls: Object.freeze({ verifyServer: true, caFile: '' }),
});

export interface FieldProblem {
  /** Dotted path inside the draft, e.g. `outboundProxy.port`; '' for the draft as a whole. */
  readonly field: string;
  readonly message: string;
}

/** Turns zod issues into one message per field (the first one found), with dotted field paths. */
export function issuesToFieldProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.slice(prefix.length);
    const fields =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: joinPath([...path, key]), message: `Unknown setting "${truncate(key)}": remove it.` }))
        : [{ field: joinPath(path), message: issue.message }];
    for (const problem of fields) {
      if (seen.has(problem.field)) continue;
      seen.add(problem.field);
      problems.push(problem);
    }
  }
  return problems;
}

export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'symbol' ? part.description ?? '' : String(part))).join('.');
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/**
 * Every problem of an account draft, one per field, for messages beside the form's fields. An empty list
 * means the draft is valid. Never throws, whatever it is given.
 */
export function validateAccountDraft(draft: unknown): { field: string; message: string }[] {
  try {
    const result = accountDraftSchema.safeParse(draft);
    return result.success ? [] : issuesToFieldProblems(result.error.issues);
  } catch {
    return [{ field: '', message: 'These settings could not be read.' }];
  }
}
