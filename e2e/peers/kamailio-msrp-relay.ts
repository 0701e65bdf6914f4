/**
 * kamailio.cfg for Kamailio 5.6's `msrp` module acting as an RFC 4976 MSRP relay on 127.0.0.1.
 *
 * - AUTH addressed to the relay (no further hop) is answered 200 with `Use-Path` and `Expires`
 *   (RFC 4976 §5.1); with `digest` a 401 carrying a Digest challenge comes first (RFC 4976 §5.2, qop=auth).
 * - SEND/REPORT with more than one hop left are answered 200 (SEND only) and forwarded (RFC 4976 §7.3);
 *   with one hop left the session id of our URI is looked up in our own connection map.
 * - The map is kept in an htable, keyed by the session id handed out in Use-Path, holding the client's
 *   address built from `$pr`/`$si`/`$sp` — not `msrp_cmap_save`: with the tls module loaded the module's own map
 *   (and `$msrp(srcaddr)`) records every client as `msrps`, so plain-TCP clients would never be found again.
 * - One instance serves TCP and TLS listeners; the Use-Path scheme follows the listener the AUTH came in on.
 */
export interface KamailioMsrpRelayOptions {
  readonly tcpPort: number;
  /** Adds a TLS listener (msrps) on this port; needs `certFile` and `keyFile`. */
  readonly tlsPort?: number;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Answer AUTH with a Digest challenge (401) before 200. */
  readonly digest: boolean;
  readonly realm?: string;
  /** username → password of the accepted users (digest only). */
  readonly users?: Readonly<Record<string, string>>;
  /** Bounds of the AUTH Expires value (RFC 4976 §5.1; 423 outside); default 30 and 3600. */
  readonly minExpires?: number;
  readonly maxExpires?: number;
  /** Kamailio log level (default 1: the msrp module logs every frame at INFO = 2, see the interop notes). */
  readonly debug?: number;
  /** The host in Use-Path (default 127.0.0.1). */
  readonly host?: string;
}

const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules/';

export const DEFAULT_RELAY_USERS: Readonly<Record<string, string>> = { alice: 'alice-secret', bob: 'bob-secret' };

export function kamailioMsrpRelayConfig(options: KamailioMsrpRelayOptions): string {
  const host = options.host ?? '127.0.0.1';
  const realm = options.realm ?? 'relay.parley.test';
  const users = options.users ?? DEFAULT_RELAY_USERS;
  const minExpires = options.minExpires ?? 30;
  const maxExpires = options.maxExpires ?? 3600;
  const tls = options.tlsPort !== undefined;
  if (tls && (!options.certFile || !options.keyFile)) throw new Error('kamailioMsrpRelayConfig: tlsPort needs certFile and keyFile');
  for (const [user, password] of Object.entries(users)) {
    if (!/^[A-Za-z0-9._-]+$/.test(user) || /["\\\n]/.test(password)) throw new Error(`kamailioMsrpRelayConfig: unsafe user ${user}`);
  }

  const passwordLookup = Object.entries(users)
    .map(([user, password], index) => `        ${index === 0 ? 'if' : 'else if'} ($au == "${user}") { $var(passwd) = "${password}"; }`)
    .concat(['        else { $var(passwd) = "no-such-user-" + $RANDOM; }'])
    .join('\n');

  const authCheck = options.digest
    ? `
        # RFC 4976 §5.2: challenge with Digest (RFC 2617), qop=auth. The auth module needs uri= in Authorization.
        $var(passwd) = "";
${passwordLookup}
        if (!pv_www_authenticate("${realm}", "$var(passwd)", "0", "AUTH")) {
            if (auth_get_www_authenticate("${realm}", "1", "$var(wauth)")) {
                msrp_reply("401", "Unauthorized", "$var(wauth)");
            } else {
                msrp_reply("500", "Server Error");
            }
            exit;
        }`
    : '';

  return `#!KAMAILIO
debug=${options.debug ?? 1}
log_stderror=yes
log_color=no
memdbg=5
memlog=5
children=2
auto_aliases=no
tcp_accept_no_cl=yes
tcp_connection_lifetime=3605
tcp_rd_buf_size=65536
listen=tcp:${host}:${options.tcpPort}
${tls ? `enable_tls=yes\nlisten=tls:${host}:${options.tlsPort}` : 'enable_tls=no'}

loadpath "${MODULES}"
loadmodule "sl.so"
loadmodule "kex.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "textops.so"
loadmodule "cfgutils.so"
loadmodule "htable.so"
loadmodule "auth.so"
${tls ? 'loadmodule "tls.so"' : ''}
loadmodule "msrp.so"

modparam("auth", "nonce_count", 1)
modparam("auth", "qop", "auth")
modparam("auth", "secret", "parley-test-relay-secret")
modparam("htable", "htable", "msrp=>size=8;autoexpire=${maxExpires + 5};")
${tls ? `modparam("tls", "tls_method", "TLSv1.2+")
modparam("tls", "certificate", "${options.certFile}")
modparam("tls", "private_key", "${options.keyFile}")
modparam("tls", "verify_certificate", 0)
modparam("tls", "require_certificate", 0)` : ''}

request_route {
    sl_send_reply("403", "No SIP Here");
    exit;
}

reply_route {
    drop;
}

event_route[msrp:frame-in] {
    # Replies and frames are sent over existing connections only (flag 1) except hops to another relay.
    msrp_reply_flags("1");

    if (msrp_is_reply()) {
        msrp_relay();
        exit;
    }

    if ($msrp(method) == "AUTH") {
        if ($msrp(nexthops) > 0) {
            msrp_relay();
            exit;
        }
${authCheck}
        # RFC 4976 §5.1: Expires is optional in AUTH; out of bounds gives 423.
        $var(expires) = ${maxExpires};
        if ($hdr(Expires) != $null) {
            $var(expires) = $(hdr(Expires){s.int});
            if ($var(expires) < ${minExpires}) {
                msrp_reply("423", "Interval Out-of-Bounds", "Min-Expires: ${minExpires}\\r\\n");
                exit;
            }
            if ($var(expires) > ${maxExpires}) {
                msrp_reply("423", "Interval Out-of-Bounds", "Max-Expires: ${maxExpires}\\r\\n");
                exit;
            }
        }

        # The session id handed out in Use-Path keys our own map of client connections. A refresh AUTH on
        # the same connection (RFC 4976 §5.1) keeps its session id, so the a=path already sent stays valid.
        $var(conn) = $pr + ":" + $si + ":" + $sp;
        if ($sht(msrp=>conn::$var(conn)) != $null) {
            $var(sessid) = $sht(msrp=>conn::$var(conn));
        } else {
            $var(sessid) = "s" + $pp + "x" + $RANDOM + "x" + $TS;
        }
        $sht(msrp=>conn::$var(conn)) = $var(sessid);
        $shtex(msrp=>conn::$var(conn)) = $var(expires) + 5;
        if ($pr == "tls") {
            $var(scheme) = "msrps";
            $var(port) = ${options.tlsPort ?? 0};
        } else {
            $var(scheme) = "msrp";
            $var(port) = ${options.tcpPort};
        }
        $sht(msrp=>$var(sessid)::dst) = $var(scheme) + "://" + $si + ":" + $sp;
        $sht(msrp=>$var(sessid)::sock) = $pr + ":" + $Ri + ":" + $Rp;
        $shtex(msrp=>$var(sessid)::dst) = $var(expires) + 5;
        $shtex(msrp=>$var(sessid)::sock) = $var(expires) + 5;
        xinfo("AUTH $pr $si:$sp -> $var(sessid) expires $var(expires)\\n");
        $var(headers) = "Use-Path: " + $var(scheme) + "://${host}:" + $var(port) + "/" + $var(sessid) + ";tcp\\r\\n"
            + "Expires: " + $var(expires) + "\\r\\n";
        msrp_reply("200", "OK", "$var(headers)");
        exit;
    }

    if ($msrp(method) == "SEND" || $msrp(method) == "REPORT") {
        if ($msrp(nexthops) > 1) {
            # RFC 4976 §7.3: a relay answers SEND itself and forwards towards the next hop.
            if ($msrp(method) == "SEND") {
                msrp_reply("200", "OK");
            }
            msrp_relay();
            exit;
        }
        $var(sessid) = $msrp(sessid);
        if ($sht(msrp=>$var(sessid)::dst) == $null) {
            if ($msrp(method) == "SEND") {
                msrp_reply("481", "Session-does-not-exist");
            }
            exit;
        }
        if ($msrp(method) == "SEND") {
            msrp_reply("200", "OK");
        }
        msrp_relay_flags("1");
        msrp_set_dst("$sht(msrp=>$var(sessid)::dst)", "$sht(msrp=>$var(sessid)::sock)");
        msrp_relay();
        exit;
    }

    msrp_reply("501", "Request-method-not-understood");
}
`;
}
