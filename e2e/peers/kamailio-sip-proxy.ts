import { type KamailioHandle, makeRunDir, startKamailio } from './kamailio';

/**
 * kamailio.cfg for Kamailio 5.6 as a SIP registrar and proxy on 127.0.0.1 for the SIP tests:
 * UDP and TCP listeners on one port number, TLS on another; digest authentication (RFC 3261 §22) of every
 * initial request with fixed test users (401 for REGISTER, 407 otherwise; 403 on a wrong password);
 * registrar + usrloc in memory (db_mode 0, so a restart forgets every binding); requests to a registered user
 * are forwarded to their bindings with Record-Route; in-dialog requests follow loose routing (RFC 3261 §16).
 * Connections opened by a client are reused to reach it (its Contact names its own socket).
 */
export interface KamailioSipProxyOptions {
  /** UDP and TCP listen on this port. */
  readonly port: number;
  /** TLS listens here; needs certFile and keyFile. */
  readonly tlsPort?: number;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** username → password; default DEFAULT_SIP_USERS. */
  readonly users?: Readonly<Record<string, string>>;
  /** The domain of the test users (default 127.0.0.1). */
  readonly domain?: string;
  /** Registrar min_expires (default 1, so tests can use short registrations). */
  readonly minExpires?: number;
  readonly debug?: number;
}

export const DEFAULT_SIP_USERS: Readonly<Record<string, string>> = {
  alice: 'alice-secret',
  bob: 'bob-secret',
  carol: 'carol-secret',
};

const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules/';

export function kamailioSipProxyConfig(options: KamailioSipProxyOptions): string {
  const users = options.users ?? DEFAULT_SIP_USERS;
  const domain = options.domain ?? '127.0.0.1';
  const tls = options.tlsPort !== undefined;
  if (tls && (!options.certFile || !options.keyFile)) throw new Error('kamailioSipProxyConfig: tlsPort needs certFile and keyFile');
  for (const [user, password] of Object.entries(users)) {
    if (!/^[A-Za-z0-9._-]+$/.test(user) || /["\\\n$]/.test(password)) throw new Error(`kamailioSipProxyConfig: unsafe user ${user}`);
  }
  const passwordLookup = Object.entries(users)
    .map(([user, password], index) => `    ${index === 0 ? 'if' : 'else if'} ($fU == "${user}") { $var(passwd) = "${password}"; }`)
    .join('\n');

  return `#!KAMAILIO
debug=${options.debug ?? 1}
log_stderror=yes
log_color=no
memdbg=5
memlog=5
children=2
tcp_children=2
auto_aliases=no
alias="${domain}"
tcp_accept_no_cl=no
tcp_connection_lifetime=3605
listen=udp:127.0.0.1:${options.port}
listen=tcp:127.0.0.1:${options.port}
${tls ? `enable_tls=yes\nlisten=tls:127.0.0.1:${options.tlsPort}` : 'enable_tls=no'}

loadpath "${MODULES}"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "auth.so"
${tls ? 'loadmodule "tls.so"' : ''}

modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", ${options.minExpires ?? 1})
modparam("registrar", "default_expires", 60)
modparam("registrar", "max_contacts", 10)
modparam("rr", "enable_full_lr", 1)
modparam("rr", "append_fromtag", 1)
modparam("auth", "secret", "parley-test-sip-secret")
modparam("auth", "nonce_expire", 30)
${tls ? `modparam("tls", "tls_method", "TLSv1.2+")
modparam("tls", "certificate", "${options.certFile}")
modparam("tls", "private_key", "${options.keyFile}")
modparam("tls", "verify_certificate", 0)
modparam("tls", "require_certificate", 0)` : ''}

request_route {
    if (!mf_process_maxfwd_header("10")) {
        sl_send_reply("483", "Too Many Hops");
        exit;
    }
    if (!sanity_check("1511", "7")) {
        xlog("L_WARN", "malformed request from $si:$sp\\n");
        exit;
    }

    # RFC 3261 §16.12: in-dialog requests follow the recorded route.
    if (has_totag()) {
        if (loose_route()) {
            t_relay();
            exit;
        }
        if (is_method("ACK")) {
            if (t_check_trans()) {
                t_relay();
            }
            exit;
        }
        sl_send_reply("404", "Not here");
        exit;
    }

    if (is_method("CANCEL")) {
        if (t_check_trans()) {
            t_relay();
        }
        exit;
    }
    t_check_trans();

    route(AUTH);

    if (is_method("REGISTER")) {
        # RFC 3261 §10.3: the registrar; the reply lists every current binding.
        if (!save("location")) {
            sl_reply_error();
        }
        exit;
    }

    remove_hf("Route");
    if (!is_method("MESSAGE")) {
        record_route();
    }
    if (!lookup("location")) {
        sl_send_reply("404", "Not Found");
        exit;
    }
    if (!t_relay()) {
        sl_reply_error();
    }
    exit;
}

# RFC 3261 §22.4: challenge, then check; REGISTER uses 401/Authorization, others 407/Proxy-Authorization.
route[AUTH] {
    $var(passwd) = "";
${passwordLookup}
    if ($var(passwd) == "") {
        sl_send_reply("403", "Unknown User");
        exit;
    }
    $var(rc) = pv_auth_check("$fd", "$var(passwd)", "0", "0");
    if ($var(rc) == -2) {
        sl_send_reply("403", "Wrong Password");
        exit;
    }
    if ($var(rc) < 0) {
        auth_challenge("$fd", "0");
        exit;
    }
    consume_credentials();
}
`;
}

export interface KamailioSipProxy extends KamailioHandle {
  readonly port: number;
  readonly tlsPort: number | undefined;
}

/** Starts the proxy (in a fresh run folder) and waits for its TCP and TLS ports to accept connections. */
export async function startKamailioSipProxy(options: KamailioSipProxyOptions): Promise<KamailioSipProxy> {
  const runDir = makeRunDir('sip-proxy');
  const handle = await startKamailio(
    {
      name: 'sip-proxy',
      config: kamailioSipProxyConfig(options),
      waitForTcpPorts: options.tlsPort === undefined ? [options.port] : [options.port, options.tlsPort],
    },
    runDir,
  );
  return Object.assign(handle, { port: options.port, tlsPort: options.tlsPort });
}
