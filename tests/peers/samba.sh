# shellcheck shell=bash
# Peer "samba": a real Samba AD DC (Debian's samba, `-M single`) for the Active Directory check.
# Realm HES.TEST, NetBIOS domain HES, DC "dc1"; LDAP 389 (StartTLS) and LDAPS 636 with the test CA's
# certificate; bound to loopback only (127.0.0.1 and ::1). Sourced by peers-up.sh (see lib.sh).
#
# Samba's ports are fixed (389, 636, 88, 464, 135, 3268, 3269, 49152-49154): one DC per machine.
# The directory is seeded offline, once, right after provisioning (one python process):
#   svc-hes          the bind account HES would use (plain user)
#   alice, bob       members of "Hideez Key Owners"; alice also of "Hideez Auto Password Change"
#   hes-nogiven      member of "Hideez Key Owners" without givenName (HES does not sync such users)
#   hes-bulk-0001…   $SAMBA_BULK members of "Hideez Key Owners" (OU=HES Bulk): a paged search
#   hes-disabled     disabled account                      -> bind "data 533"
#   hes-mustchange   pwdLastSet=0                          -> bind "data 773"
#   hes-expired      accountExpires in the past            -> bind "data 701"
#   hes-blind        both HES groups deny it read access   -> the groups look missing to it
# Tests never retry failed binds, so no lock-out user exists (the domain has no lockout threshold).

SAMBA_DIR="$PEERS_DIR/samba"
SAMBA_CONF="$SAMBA_DIR/etc/smb.conf"
SAMBA_PIDFILE="$SAMBA_DIR/run/samba.pid"
SAMBA_REALM=HES.TEST
SAMBA_DOMAIN=HES
SAMBA_BULK="${SAMBA_BULK:-1200}"

# Test-only credentials (loopback DC, throw-away data). They satisfy Samba's default complexity
# policy and are distinctive so that tests can grep reports for them.
SAMBA_ADMIN_PASSWORD='Adm1n!hes-test-AD-pw'
SAMBA_SVC_PASSWORD='Svc!hes-test-AD-pw-1'
SAMBA_USER_PASSWORD='Us3r!hes-test-AD-pw'

samba_packages() {
  # samba-ad-provision is only a Recommends of samba, but provisioning needs it.
  echo samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules winbind ldap-utils
}

# samba_is PID: PID is this PEERS_DIR's samba. Samba rewrites its command line ("samba: root
# process"), so lib.sh's proc_is cannot see PEERS_DIR there; the executable and the log file that
# holds its stdout can.
samba_is() {
  local pid=$1
  [ -n "$pid" ] && [ -e "/proc/$pid/exe" ] || return 1
  [ "$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)")" = samba ] || return 1
  [ "$(readlink "/proc/$pid/fd/1" 2>/dev/null)" = "$SAMBA_DIR/log/samba.out" ]
}

samba_running_pid() {
  local pid
  for pid in "$(awk '$1 == "samba" {print $2}' "$PIDS_FILE" 2>/dev/null)" "$(cat "$SAMBA_PIDFILE" 2>/dev/null)"; do
    if samba_is "$pid"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

samba_provision() {
  local t0
  t0=$(now_ms)
  rm -rf "$SAMBA_DIR"
  mkdir -p "$SAMBA_DIR/run" "$SAMBA_DIR/log"
  # --targetdir keeps every file under $SAMBA_DIR (nothing in /var/lib/samba or /etc/samba).
  samba-tool domain provision --targetdir="$SAMBA_DIR" --realm="$SAMBA_REALM" --domain="$SAMBA_DOMAIN" \
    --server-role=dc --dns-backend=NONE --host-name=dc1 --adminpass="$SAMBA_ADMIN_PASSWORD" \
    --option="interfaces=lo" --option="bind interfaces only=yes" \
    --option="server services=ldap cldap kdc rpc" \
    --option="pid directory=$SAMBA_DIR/run" --option="ncalrpc dir=$SAMBA_DIR/run/ncalrpc" \
    --option="winbindd socket directory=$SAMBA_DIR/run/winbindd" \
    --option="log file=$SAMBA_DIR/log/log.%m" \
    --option="tls enabled=yes" --option="tls keyfile=$TLS_DIR/server.key" \
    --option="tls certfile=$TLS_DIR/server.crt" --option="tls cafile=$TLS_DIR/ca.crt" \
    >"$SAMBA_DIR/provision.log" 2>&1 || die "samba: provision failed, see $SAMBA_DIR/provision.log"
  say "samba: provisioned $SAMBA_REALM in $(($(now_ms) - t0)) ms"
  t0=$(now_ms)
  samba_seed || die "samba: seeding the directory failed"
  touch "$SAMBA_DIR/.provisioned"
  say "samba: seeded users and groups ($SAMBA_BULK bulk members) in $(($(now_ms) - t0)) ms"
}

# Offline, with Samba's own Python bindings (Debian's python3, not a pyenv one): about 0.4 s per
# samba-tool call otherwise.
samba_seed() {
  SEED_CONF="$SAMBA_CONF" SEED_BULK="$SAMBA_BULK" SEED_SVC_PW="$SAMBA_SVC_PASSWORD" \
    SEED_USER_PW="$SAMBA_USER_PASSWORD" /usr/bin/python3 - <<'PY'
import os, time
import ldb, samba
from samba.auth import system_session
from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack
from samba.param import LoadParm
from samba.samdb import SamDB

lp = LoadParm()
lp.load(os.environ["SEED_CONF"])
sam = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)
base = sam.domain_dn()
users = "CN=Users," + base
svc_pw, user_pw, bulk = os.environ["SEED_SVC_PW"], os.environ["SEED_USER_PW"], int(os.environ["SEED_BULK"])

# Password self-changes work at once (tests that change passwords); the rest of the policy stays.
m = ldb.Message(ldb.Dn(sam, base))
m["minPwdAge"] = ldb.MessageElement("0", ldb.FLAG_MOD_REPLACE, "minPwdAge")
sam.modify(m)

sam.newuser("svc-hes", svc_pw, givenname="Service", surname="HES")
for name, given, sn in [("alice", "Alice", "Smith"), ("bob", "Bob", "Jones")]:
    sam.newuser(name, user_pw, givenname=given, surname=sn, mailaddress=name + "@hes.test")
sam.newuser("hes-nogiven", user_pw, surname="Nogiven")
sam.newuser("hes-disabled", user_pw, givenname="Dis", surname="Abled")
sam.disable_account("(sAMAccountName=hes-disabled)")
sam.newuser("hes-mustchange", user_pw, givenname="Must", surname="Change",
            force_password_change_at_next_login_req=True)
sam.newuser("hes-expired", user_pw, givenname="Ex", surname="Pired")
sam.setexpiry("(sAMAccountName=hes-expired)", -86400)
sam.newuser("hes-blind", user_pw, givenname="Blind", surname="Reader")

sam.newgroup("Hideez Key Owners")
sam.newgroup("Hideez Auto Password Change")
owners, apc = "CN=Hideez Key Owners," + users, "CN=Hideez Auto Password Change," + users

# Bulk members without passwords (disabled accounts): enough for several pages of a paged search.
sam.transaction_start()
try:
    ou = "OU=HES Bulk," + base
    sam.add({"dn": ou, "objectClass": "organizationalUnit"})
    dns = []
    for i in range(1, bulk + 1):
        dn = "CN=hes-bulk-%04d,%s" % (i, ou)
        sam.add({"dn": dn, "objectClass": "user", "sAMAccountName": "hes-bulk-%04d" % i,
                 "givenName": "Bulk", "sn": "User %04d" % i})
        dns.append(dn)
    dns += ["CN=%s,%s" % (u, users) for u in ("alice", "bob", "hes-nogiven")]
    m = ldb.Message(ldb.Dn(sam, owners))
    m["member"] = ldb.MessageElement(dns, ldb.FLAG_MOD_ADD, "member")
    sam.modify(m)
    m = ldb.Message(ldb.Dn(sam, apc))
    m["member"] = ldb.MessageElement(["CN=alice," + users], ldb.FLAG_MOD_ADD, "member")
    sam.modify(m)
except Exception:
    sam.transaction_cancel()
    raise
sam.transaction_commit()

# hes-blind may bind, but both groups deny it every read: to it they do not exist (as for a
# service account that lacks read access in a real domain).
blind = sam.search(base=users, expression="(sAMAccountName=hes-blind)", attrs=["objectSid"])
sid = str(ndr_unpack(security.dom_sid, blind[0]["objectSid"][0]))
domsid = sam.get_domain_sid()
for dn in (owners, apc):
    res = sam.search(base=dn, scope=ldb.SCOPE_BASE, attrs=["nTSecurityDescriptor"])
    sddl = ndr_unpack(security.descriptor, res[0]["nTSecurityDescriptor"][0]).as_sddl()
    at = sddl.index("(", sddl.index("D:"))
    sddl = sddl[:at] + "(D;;RPLCLORC;;;%s)" % sid + sddl[at:]
    m = ldb.Message(ldb.Dn(sam, dn))
    m["nTSecurityDescriptor"] = ldb.MessageElement(
        ndr_pack(security.descriptor.from_sddl(sddl, security.dom_sid(domsid))),
        ldb.FLAG_MOD_REPLACE, "nTSecurityDescriptor")
    sam.modify(m)
PY
}

samba_up() {
  local pid
  if pid=$(samba_running_pid); then
    say "samba: already running (pid $pid)"
    record_pid samba "$pid" samba
    return 0
  fi
  local port
  for port in 389 636 88; do
    port_busy "$port" && die "samba: port $port is in use by another process (only one AD DC per machine)"
  done
  # The server key must be 0600 or Samba's LDAP task fails and samba exits (CVE-2013-4476).
  chmod 600 "$TLS_DIR/server.key"
  [ -f "$SAMBA_DIR/.provisioned" ] || samba_provision
  mkdir -p "$SAMBA_DIR/run" "$SAMBA_DIR/log"
  rm -f "$SAMBA_PIDFILE"
  local t0
  t0=$(now_ms)
  setsid samba -F -M single -s "$SAMBA_CONF" --debug-stdout </dev/null >>"$SAMBA_DIR/log/samba.out" 2>&1 &
  pid=$!
  record_pid samba "$pid" samba
  local i
  for ((i = 0; i < 300; i++)); do
    if ! alive "$pid"; then
      forget_pid samba
      tail -n 20 "$SAMBA_DIR/log/samba.out" >&2 || true
      die "samba: exited during start-up (log: $SAMBA_DIR/log/samba.out)"
    fi
    LDAPTLS_CACERT="$TLS_DIR/ca.crt" ldapsearch -LLL -x -o nettimeout=1 -H ldaps://127.0.0.1:636 \
      -s base -b '' defaultNamingContext >/dev/null 2>&1 && break
    sleep 0.1
  done
  [ "$i" -lt 300 ] || die "samba: not ready after 30 s (log: $SAMBA_DIR/log/samba.out)"
  pid=$(cat "$SAMBA_PIDFILE" 2>/dev/null || echo "$pid")
  record_pid samba "$pid" samba
  say "samba: started $SAMBA_REALM on 127.0.0.1/::1 ports 389, 636 in $(($(now_ms) - t0)) ms (pid $pid)"
}

# Called by peers-down.sh instead of its generic stop (which matches command lines).
samba_down() {
  local pid i
  pid=$(samba_running_pid) || {
    say "samba: not running"
    return 0
  }
  # The root process takes its children down (none with -M single); it exits in < 0.1 s.
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    samba_is "$pid" || {
      rm -f "$SAMBA_PIDFILE"
      say "samba: stopped (pid $pid)"
      return 0
    }
    sleep 0.1
  done
  say "samba: pid $pid did not stop in 20 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

samba_smoke() {
  # A real bind as the service account over LDAPS with CA verification, then a paged member count.
  local n
  n=$(LDAPTLS_CACERT="$TLS_DIR/ca.crt" ldapsearch -LLL -x -o nettimeout=5 -H ldaps://127.0.0.1:636 \
    -D "$SAMBA_DOMAIN\\svc-hes" -w "$SAMBA_SVC_PASSWORD" -b 'DC=hes,DC=test' -E pr=500/noprompt \
    '(&(objectCategory=user)(memberOf=CN=Hideez Key Owners,CN=Users,DC=hes,DC=test))' 1.1 |
    grep -c '^dn:') || die "samba: smoke test failed (bind or search)"
  [ "$n" -eq "$((SAMBA_BULK + 3))" ] || die "samba: smoke test: $n members of Hideez Key Owners, expected $((SAMBA_BULK + 3))"
}

samba_env() {
  cat <<EOF
HES_AD_DOMAIN='hes.test'
HES_AD_NETBIOS='$SAMBA_DOMAIN'
HES_AD_HOST='localhost'
HES_AD_LDAPS_PORT='636'
HES_AD_LDAP_PORT='389'
HES_AD_ADMIN_USER='Administrator'
HES_AD_ADMIN_PASSWORD='$SAMBA_ADMIN_PASSWORD'
HES_AD_USER='svc-hes'
HES_AD_PASSWORD='$SAMBA_SVC_PASSWORD'
HES_AD_USER_PASSWORD='$SAMBA_USER_PASSWORD'
HES_AD_DISABLED_USER='hes-disabled'
HES_AD_MUST_CHANGE_USER='hes-mustchange'
HES_AD_EXPIRED_USER='hes-expired'
HES_AD_BLIND_USER='hes-blind'
HES_AD_KEY_OWNERS_MEMBERS='$((SAMBA_BULK + 3))'
HES_AD_KEY_OWNERS_SYNCED='$((SAMBA_BULK + 2))'
HES_AD_AUTO_PASSWORD_MEMBERS='1'
EOF
}
