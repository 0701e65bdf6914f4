/**
 * Who opens the MSRP connection (RFC 6135, which applies the COMEDIA `a=setup` attribute of RFC 4145 §4 to
 * MSRP). Without `a=setup` RFC 4975 §5.4 applies: the endpoint that sent the offer connects to its peer.
 */
export enum SetupRole {
  Active = 'active',
  Passive = 'passive',
  ActPass = 'actpass',
  HoldConn = 'holdconn',
}

/** What the local endpoint does with the connection: open it, wait for it, or neither. */
export type ConnectDirection = 'connect' | 'accept' | 'none';

const ROLES = new Set<string>(Object.values(SetupRole));

/** Reads an `a=setup` value; unknown values count as absent (RFC 4145 §4: ignore what you don't know). */
export function parseSetupRole(value: string | undefined): SetupRole | undefined {
  const normalized = value?.trim().toLowerCase();
  return normalized !== undefined && ROLES.has(normalized) ? (normalized as SetupRole) : undefined;
}

/**
 * The `a=setup` of an answer (RFC 4145 §4.1 table, RFC 6135 §4.1): active → passive, passive → active,
 * actpass → our preference, holdconn → holdconn. An offer without `a=setup` is an RFC 4975 offerer, which
 * will connect, so we answer passive (RFC 6135 §4.2).
 */
export function answerSetupRole(offered: SetupRole | undefined, preference: SetupRole.Active | SetupRole.Passive): SetupRole {
  switch (offered) {
    case undefined:
    case SetupRole.Active:
      return SetupRole.Passive;
    case SetupRole.Passive:
      return SetupRole.Active;
    case SetupRole.ActPass:
      return preference;
    case SetupRole.HoldConn:
      return SetupRole.HoldConn;
  }
}

/**
 * Who connects, once offer and answer are known. `answered` undefined means the answerer does not
 * implement RFC 6135, so RFC 4975 §5.4 holds and the offerer connects, unless the offer said passive, in
 * which case nobody would: that is reported as 'none' so the caller can fail the stream.
 */
export function connectDirection(
  localSide: 'offerer' | 'answerer',
  offered: SetupRole | undefined,
  answered: SetupRole | undefined,
): ConnectDirection {
  let offererConnects: boolean;
  if (offered === SetupRole.HoldConn || answered === SetupRole.HoldConn) return 'none';
  if (answered === undefined) {
    if (offered === SetupRole.Passive) return 'none';
    offererConnects = true;
  } else if (answered === SetupRole.Active) {
    // RFC 4145 §4.1: an answer of active is only valid for an offer of passive or actpass.
    if (offered === SetupRole.Active) return 'none';
    offererConnects = false;
  } else if (answered === SetupRole.Passive) {
    if (offered === SetupRole.Passive) return 'none';
    offererConnects = true;
  } else {
    // RFC 4145 §4.1: actpass is not allowed in an answer.
    return 'none';
  }
  const localConnects = localSide === 'offerer' ? offererConnects : !offererConnects;
  return localConnects ? 'connect' : 'accept';
}
