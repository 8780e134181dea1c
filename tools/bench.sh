#!/bin/bash
# `make bench`: what a 401 costs with mod_helpful401, against what httpd
# gives without it. One site, served three ways:
#   stock      httpd without the module: its own bare 401 page;
#   errordoc   the same, with `ErrorDocument 401 /401.html`, a static page of
#              the same bytes as the module's page for that cause (fetched
#              from the module once): what an admin would otherwise use;
#   module     httpd with mod_helpful401 loaded.
# For every cause, and for a 200 and a 404, it measures
#   1. instructions per request under callgrind: one `apache2 -X` per
#      server, `ab -k -c 1 -n N` for N = N_SHORT and N_LONG on each URL;
#      callgrind dumps its counts as each connection starts, so each ab run
#      is one profile and their difference removes the connection's own
#      cost (runs agree within about 0.2 %);
#   2. requests/s with wrk (indicative: the servers share the machine);
#   3. the render of one page by lib/ alone (tools/bench-render.c), in
#      instructions (callgrind) and ns per page;
#   4. the children's RSS before and after a flood of 401s (RSS_MPMS);
#   5. tools/bench-htaccess.sh, when it exists, and takes its lines in.
# Prints the tables and writes docs/BENCHMARKS.md. About 1.5 minutes on 2
# CPUs, and what tools/bench-htaccess.sh takes.
#
# Knobs (environment): BENCH_PORT (first of the ports BENCH_PORT..+49, all
# within 8700-8799; 8700), N_SHORT/N_LONG (100/600), WRK_SECONDS (1),
# RSS_MPMS ("event"; "event worker prefork" for all, "" for none),
# FLOOD_SECONDS (3), BENCH_HTACCESS=0 (skip tools/bench-htaccess.sh),
# BENCH_OUT (docs/BENCHMARKS.md), BENCH_KEEP=1 (keep the run's directory
# of profiles and logs; kept anyway when something fails), BENCH_STRICT=1
# (exit 1 when a target is missed; by default it only reports; passed on
# to tools/bench-htaccess.sh).
set -eu
cd "$(dirname "$0")/.."
. tools/site-areas.sh

HTTPD=${HTTPD:-/usr/sbin/apache2}
MODS=${MODS:-/etc/apache2/mods-available}
BENCH_PORT=${BENCH_PORT:-8700}
N_SHORT=${N_SHORT:-100}
N_LONG=${N_LONG:-600}
WRK_SECONDS=${WRK_SECONDS:-1}
RSS_MPMS=${RSS_MPMS-event}
FLOOD_SECONDS=${FLOOD_SECONDS:-3}
BENCH_OUT=${BENCH_OUT:-docs/BENCHMARKS.md}
MODULE=$PWD/.libs/mod_helpful401.so
RENDER=$PWD/tools/bin/bench-render

# Targets: instructions per request, module over the other server.
LIMIT_OVER_ERRORDOC=1.00      # every cause
LIMIT_OVER_STOCK=1.20         # every cause ...
LIMIT_OVER_STOCK_JWT=1.25     # ... but expired-token, which reads a JWT
LIMIT_OTHER=1.005             # 200 and 404, module over stock
LIMIT_BYTES=14336             # a 401 fits about TCP's first flight (14 KB)
LIMIT_RSS_KB=4096             # children's growth in the flood

started=$(date +%s)
log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }

# ---------------------------------------------------------------------------
# Set-up

require_tools() {
    local tool
    for tool in "$HTTPD" ab wrk valgrind curl htpasswd setpriv; do
        command -v "$tool" >/dev/null 2>&1 \
            || die "$tool is missing (tools/deps.sh bench installs it)"
    done
    [ -f "$MODULE" ] || die "$MODULE is missing: run make"
    [ -x "$RENDER" ] || die "$RENDER is missing: run make tools/bin/bench-render"
    if [ "$BENCH_PORT" -lt 8700 ] || [ $((BENCH_PORT + 49)) -gt 8799 ]; then
        log "bench: BENCH_PORT must leave BENCH_PORT..+49 within 8700-8799"; exit 2
    fi
}

# Another server on one of our ports would be measured instead of ours.
require_free_ports() {
    local p
    for p in $(seq "$BENCH_PORT" $((BENCH_PORT + 49))); do
        ! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/" 2>/dev/null \
            || die "port $p is taken: stop what listens there, or set BENCH_PORT"
    done
}

# A directory of its own for each run (other checkouts may bench at the same
# time), in /tmp: as root, httpd serves as www-data, which must reach it.
make_run_dir() {
    run=$(mktemp -d /tmp/helpful401-bench.XXXXXX)
    chmod 755 "$run"
    as_www=()
    user_lines=""
    if [ "$(id -u)" = 0 ]; then
        user_lines="User www-data
Group www-data"
        # httpd -X under valgrind does not change user: start it as www-data
        as_www=(setpriv --reuid=www-data --regid=www-data --init-groups)
    fi
}

pids_to_stop=""
cleanup() {
    local status=$? p
    for p in $pids_to_stop; do kill "$p" 2>/dev/null || true; done
    if [ "$status" != 0 ] || [ "${BENCH_KEEP:-0}" = 1 ]; then
        log "bench: profiles and logs kept in $run"
    else
        rm -rf "$run"
    fi
}

make_site() {
    mkdir -p "$run/htdocs" "$run/data" "$run/errordocs"
    cp "$MODULE" "$run/mod_helpful401.so"
    htpasswd -bc "$run/data/users" demo demo >/dev/null 2>&1
    static_page index.html "Benchmark site"
    static_page staff/index.html "Staff area (Basic)"
    static_page old-members/index.html "Old members (leftover .htaccess)"
    static_page shop/index.html "Shop (form login)"
    mkdir -p "$run/htdocs/app" "$run/htdocs/api"
    echo "$run" > "$run/htdocs/bench-run.txt"
    cat > "$run/htdocs/old-members/.htaccess" <<HT
# Left over from a site that moved: its password file is gone.
AuthType Basic
AuthName "Old members"
AuthUserFile $run/data/old-passwords
Require valid-user
HT
    chmod -R a+rX "$run"
}

static_page() {   # static_page FILE TITLE
    mkdir -p "$(dirname "$run/htdocs/$1")"
    printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>%s</title>\n<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n<body><h1>%s</h1>\n<p>A static page of the benchmark site.</p>\n</body></html>\n' \
        "$2" "$2" > "$run/htdocs/$1"
}

b64url() { base64 -w0 | tr -d '=' | tr '/+' '_-'; }
# A JWT that expired on 2020-09-13: fixed, so that every run sends the same bytes.
jwt="$(printf '{"alg":"HS256","typ":"JWT"}' | b64url).$(printf '{"sub":"bench","exp":1600000000}' | b64url).c2lnbmF0dXJl"
bad_basic="Basic $(printf 'demo:wrong' | base64 -w0)"

# The cases: id|path|header ("" for none)|expected status. A 401's id is
# the cause the module must give.
cases="no-credentials|/staff/||401
bad-credentials|/staff/|Authorization: $bad_basic|401
wrong-scheme|/staff/|Authorization: Bearer x|401
malformed-credentials|/staff/|Authorization: Basic !!!|401
leftover-htaccess|/old-members/||401
server-misconfigured|/app/orders||401
stale-session|/shop/|Cookie: PHPSESSID=1|401
expired-token|/api/orders|Authorization: Bearer $jwt|401
200 static page|/index.html||200
404|/nope.html||404"

case_field() { printf '%s\n' "$1" | cut -d'|' -f"$2"; }
case_ids() { printf '%s\n' "$cases" | cut -d'|' -f1; }
# The cases a server answers in its own way: errordoc only differs on 401s.
cases_for() {   # cases_for SERVER
    if [ "$1" = errordoc ]; then printf '%s\n' "$cases" | awk -F'|' '$4 == 401'
    else printf '%s\n' "$cases"; fi
}
file_id() { printf '%s' "$1" | tr -c 'a-z0-9-' '_'; }

# ---------------------------------------------------------------------------
# The servers

# write_conf NAME PORT MPM SERVER(stock|errordoc|module) [as-is]:
# $run/NAME/httpd.conf. "as-is": no User/Group (httpd -X under valgrind is
# started as www-data already).
write_conf() {
    local name=$1 port=$2 mpm=$3 server=$4 users=$user_lines dir=$run/$1 m
    [ "${5:-}" = as-is ] && users=""
    mkdir -p "$dir/logs"
    {
        echo "# Generated by tools/bench.sh: $name ($server)"
        echo "ServerRoot $dir"
        echo "ServerName 127.0.0.1"
        echo "ServerAdmin webmaster@bench.example"
        echo "Listen 127.0.0.1:$port"
        echo "PidFile $dir/logs/httpd.pid"
        echo "DefaultRuntimeDir $dir/logs"
        echo "ErrorLog $dir/logs/error_log"
        echo "LogLevel warn"
        [ -n "$users" ] && echo "$users"
        for m in "mpm_$mpm" authz_core authz_user authn_core authn_file auth_basic \
                 auth_form request session session_cookie rewrite mime dir headers; do
            grep -h '^LoadModule' "$MODS/$m.load"
        done
        [ "$server" = module ] && echo "LoadModule helpful401_module $run/mod_helpful401.so"
        [ "$server" = errordoc ] && echo "ErrorDocument 401 /401.html"
        # Debian's settings for the MPM, as mpm_$mpm.conf has them
        grep -v '^[[:space:]]*#' "$MODS/mpm_$mpm.conf" | grep -v '^[[:space:]]*$' \
            | grep -v 'IfModule'
        cat <<CONF
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 5
TypesConfig /etc/mime.types
DirectoryIndex index.html
LogFormat "%h %l %u %t \"%r\" %>s %b" common
CustomLog $dir/logs/access_log common

DocumentRoot $run/htdocs
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory $run/htdocs>
    AllowOverride None
    Require all granted
</Directory>
<Directory $run/htdocs/old-members>
    AllowOverride AuthConfig
</Directory>
$(site_areas "$run")
<IfModule helpful401_module>
    # the page every visitor gets; loopback clients (the benchmark's) would
    # also see the administrator's section by default (Local)
    Helpful401Detail Off
</IfModule>
CONF
    } > "$dir/httpd.conf"
    chmod -R a+rX "$dir"
    "$HTTPD" -t -f "$dir/httpd.conf" 2>"$dir/logs/configtest" || {
        cat "$dir/logs/configtest" >&2; exit 1; }
}

# wait_port PORT SECONDS: until our server answers there (one request; it
# serves this run's name: a server of another run on the port is not ours)
wait_port() {
    local i=0 answer
    while ! answer=$(curl -sf "http://127.0.0.1:$1/bench-run.txt" 2>/dev/null); do
        i=$((i + 1))
        [ "$i" -gt $(($2 * 10)) ] && { log "bench: nothing answers on port $1"; return 1; }
        sleep 0.1
    done
    [ "$answer" = "$run" ] || { log "bench: another server answers on port $1"; return 1; }
}

# start_server NAME PORT: httpd daemonizes; its pid is in logs/httpd.pid
start_server() {
    local i=0
    rm -f "$run/$1/logs/httpd.pid"
    "$HTTPD" -f "$run/$1/httpd.conf" -k start
    while [ ! -s "$run/$1/logs/httpd.pid" ]; do
        i=$((i + 1)); [ "$i" -gt 100 ] && die "$1 did not start"
        sleep 0.1
    done
    pids_to_stop="$pids_to_stop $(cat "$run/$1/logs/httpd.pid")"
    wait_port "$2" 10
}

stop_server() {   # stop_server NAME
    local pid i=0
    pid=$(cat "$run/$1/logs/httpd.pid" 2>/dev/null || true)
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

# The errordoc server's /401.html: the module's page for that cause.
install_errordoc_page() {   # install_errordoc_page ID
    cp "$run/errordocs/$(file_id "$1").html" "$run/htdocs/401.html.new"
    chmod a+r "$run/htdocs/401.html.new"
    mv -f "$run/htdocs/401.html.new" "$run/htdocs/401.html"
}

# ---------------------------------------------------------------------------
# 0. Every server answers every case as it should; the module's 401 pages
#    become the errordoc server's pages; the sizes of the responses.

P_STOCK=$BENCH_PORT P_MOD=$((BENCH_PORT + 1)) P_ERRDOC=$((BENCH_PORT + 2))
declare -A size_stock size_errdoc size_mod body_bytes

# fetch PORT PATH HEADER BODY_FILE: "status bytes-on-the-wire body-bytes",
# for the request ab -k sends
fetch() {
    local args=(-s --http1.0 -o "$4" -w '%{http_code} %{size_header} %{size_download}'
                -H 'User-Agent: ApacheBench/2.3' -H 'Accept: */*' -H 'Connection: Keep-Alive')
    [ -n "$3" ] && args+=(-H "$3")
    curl "${args[@]}" "http://127.0.0.1:$1$2" | awk '{print $1, $2 + $3, $3}'
}

check_cases_and_make_errordocs() {
    local c id path hdr want code bytes body failures=0
    while IFS= read -r c; do
        id=$(case_field "$c" 1) path=$(case_field "$c" 2) hdr=$(case_field "$c" 3)
        want=$(case_field "$c" 4)
        read -r code bytes body < <(fetch "$P_STOCK" "$path" "$hdr" "$run/body.stock")
        [ "$code" = "$want" ] || { log "bench: $id on stock: $code, expected $want"; failures=$((failures + 1)); }
        size_stock[$id]=$bytes
        read -r code bytes body < <(fetch "$P_MOD" "$path" "$hdr" "$run/body.module")
        [ "$code" = "$want" ] || { log "bench: $id with the module: $code, expected $want"; failures=$((failures + 1)); }
        size_mod[$id]=$bytes
        [ "$want" = 401 ] || continue
        # the HTML page writes the id's hyphens as non-breaking ones (U+2011)
        sed 's/\xe2\x80\x91/-/g' "$run/body.module" | grep -q "$id" \
            || { log "bench: $id: the module's page does not name its cause"; failures=$((failures + 1)); }
        body_bytes[$id]=$body
        cp "$run/body.module" "$run/errordocs/$(file_id "$id").html"
        install_errordoc_page "$id"
        read -r code bytes body < <(fetch "$P_ERRDOC" "$path" "$hdr" "$run/body.errordoc")
        [ "$code" = 401 ] || { log "bench: $id on errordoc: $code, expected 401"; failures=$((failures + 1)); }
        cmp -s "$run/body.errordoc" "$run/body.module" \
            || { log "bench: $id: the ErrorDocument page is not the module's page"; failures=$((failures + 1)); }
        size_errdoc[$id]=$bytes
    done <<< "$cases"
    [ "$failures" = 0 ] || die "the site does not answer as expected"
    log "bench: every case answers as expected; ErrorDocument pages made from the module's"
}

# ---------------------------------------------------------------------------
# 1. Requests per second, the servers in turn for each case (event MPM).

declare -A rps
wrk_rps() {   # wrk_rps PORT PATH HEADER: requests/s after a short warm-up
    local args=(-t 1 -c 8 -d "${WRK_SECONDS}s") warm=(-k -c 8 -n 500)
    [ -n "$3" ] && { args+=(-H "$3"); warm+=(-H "$3"); }
    ab "${warm[@]}" "http://127.0.0.1:$1$2" >/dev/null 2>&1 || true
    wrk "${args[@]}" "http://127.0.0.1:$1$2" | awk '/^Requests\/sec:/ {printf "%d", $2}'
}

measure_requests_per_second() {
    local c id path hdr
    log "bench: requests/s, wrk -t1 -c8 -d${WRK_SECONDS}s (event MPM)"
    while IFS= read -r c; do
        id=$(case_field "$c" 1) path=$(case_field "$c" 2) hdr=$(case_field "$c" 3)
        rps[stock.$id]=$(wrk_rps "$P_STOCK" "$path" "$hdr")
        if [ "$(case_field "$c" 4)" = 401 ]; then
            install_errordoc_page "$id"
            rps[errordoc.$id]=$(wrk_rps "$P_ERRDOC" "$path" "$hdr")
        fi
        rps[module.$id]=$(wrk_rps "$P_MOD" "$path" "$hdr")
        log "  $id: stock ${rps[stock.$id]}  errordoc ${rps[errordoc.$id]:--}  module ${rps[module.$id]}"
    done <<< "$cases"
}

# ---------------------------------------------------------------------------
# 2. Instructions per request under callgrind.

# callgrind_server SERVER PORT: apache2 -X (prefork, one process) under
# callgrind for every case of SERVER in turn. With --dump-before, callgrind
# writes a profile each time a connection starts, so profile k+1 holds what
# the k-th connection cost (with the wait before the next one); each ab run
# is one connection (ab -k). $dir/runs lists "case|N|profile".
callgrind_server() {
    local server=$1 port=$2 dir=$run/cg-$1 conn=1 requests=2 vpid c id path hdr n ab_args tries=0
    "${as_www[@]}" valgrind --tool=callgrind --vgdb=no \
        --dump-before=ap_process_connection --callgrind-out-file="$dir/profile" \
        "$HTTPD" -X -f "$dir/httpd.conf" > "$dir/valgrind.log" 2>&1 &
    vpid=$!
    wait_port "$port" 120 || { kill "$vpid"; return 1; }   # connection 1
    : > "$dir/runs"
    while IFS= read -r c; do
        id=$(case_field "$c" 1) path=$(case_field "$c" 2) hdr=$(case_field "$c" 3)
        [ "$server" = errordoc ] && install_errordoc_page "$id"
        for n in "$N_SHORT" "$N_LONG"; do
            ab_args=(-k -c 1 -n "$n"); [ -n "$hdr" ] && ab_args+=(-H "$hdr")
            ab "${ab_args[@]}" "http://127.0.0.1:$port$path" > "$dir/ab.$(file_id "$id").$n" 2>&1 || true
            grep -q "^Complete requests: *$n\$" "$dir/ab.$(file_id "$id").$n" \
                && grep -q "^Keep-Alive requests: *$n\$" "$dir/ab.$(file_id "$id").$n" \
                || { log "bench: $server $id: ab did not get $n requests on one connection"; kill "$vpid"; return 1; }
            conn=$((conn + 1)) requests=$((requests + n))
            printf '%s|%s|%s\n' "$id" "$n" "$dir/profile.$((conn + 1))" >> "$dir/runs"
        done
    done < <(cases_for "$server")
    # one more connection, so that the last ab run has its own profile
    curl -s -o /dev/null "http://127.0.0.1:$port/bench-run.txt" || true
    # httpd -X leaves on SIGTERM when it waits in accept(); one that arrives
    # while it closes a connection only marks the shutdown: signal again
    # until it is gone (the last profile is written on the way out)
    while kill -0 "$vpid" 2>/dev/null; do
        [ $((tries % 20)) = 0 ] && [ ! -s "$dir/profile" ] && kill -TERM "$vpid" 2>/dev/null
        tries=$((tries + 1))
        [ "$tries" -gt 1200 ] && { log "bench: $server does not stop"; kill -KILL "$vpid"; break; }
        sleep 0.05
    done
    wait "$vpid" || true
    # a connection from anyone else (another bench on the same port) would
    # shift the profiles: every request the server logged must be ours
    [ "$(wc -l < "$dir/logs/access_log")" = "$requests" ] \
        || { log "bench: $server (port $port) served requests that were not ours: run again"; return 1; }
    [ -s "$dir/profile.$((conn + 1))" ] \
        || { log "bench: $server: no profile for its last run"; return 1; }
}

# profile_costs PROFILE: PROFILE.self, PROFILE.incl and PROFILE.arcs, read
# from the file itself: "function<TAB>Ir", each function's own cost and its
# cost with everything it calls (summed over the calls into it from other
# functions); "caller>callee<TAB>Ir", what the calls cost. A function
# without a name is named after its address and object (0x…@libc.so.6).
profile_costs() {
    perl -e '
        my (%obj, %name, %self, %arc, $ob, $cob, $cur, $callee, $after_call);
        sub define {   # define ID NAME OBJECT
            my ($id, $n, $o) = @_;
            $n =~ s/\x27\d+$//;
            if ($n =~ /^0x/ && defined $o) { (my $b = $o) =~ s{^.*/}{}; $n .= "\@$b" }
            $name{$id} = $n;
        }
        open my $in, "<", $ARGV[0] or die "$ARGV[0]: $!\n";
        while (<$in>) {
            if (/^(c?)ob=\((\d+)\)(?: (.*))?$/) {
                $obj{$2} = $3 if defined $3;
                if ($1) { $cob = $obj{$2} } else { $ob = $obj{$2} }
            } elsif (/^(c?)fn=\((\d+)\)(?: (.*))?$/) {
                define($2, $3, $1 && defined $cob ? $cob : $ob) if defined $3;
                if ($1) { $callee = $2 } else { $cur = $2; $cob = undef }
            } elsif (/^calls=/) {
                $after_call = 1;
            } elsif (/^(?:[+-]?\d+|\*)\s+(\d+)/) {
                if ($after_call) { $arc{"$cur $callee"} += $1; $after_call = 0; $cob = undef }
                else { $self{$cur} += $1 }
            }
        }
        my (%s, %i, %a);
        $s{$name{$_} // "?"} += $self{$_} for keys %self;
        for (keys %arc) {
            my ($from, $to) = map { $name{$_} // "?" } split / /;
            $a{"$from>$to"} += $arc{$_};
            $i{$to} += $arc{$_} unless $from eq $to;
        }
        for (["self", \%s], ["incl", \%i], ["arcs", \%a]) {
            my ($ext, $h) = @$_;
            open my $out, ">", "$ARGV[0].$ext" or die;
            print $out "$_\t$h->{$_}\n" for keys %$h;
        }
    ' "$1"
}

profile_total() { awk '/^totals:/ {print $2; exit}' "$1"; }
profile_of() {   # profile_of SERVER ID N
    awk -F'|' -v id="$2" -v n="$3" '$1 == id && $2 == n {print $3}' "$run/cg-$1/runs"
}
# per_request SHORT LONG: "function<TAB>Ir per request" from two cost files
per_request() {
    awk -F'\t' -v d=$((N_LONG - N_SHORT)) '
        NR == FNR { s[$1] = $2; next }
        { v = ($2 - s[$1]) / d; if (v > 0.5 || v < -0.5) printf "%s\t%.1f\n", $1, v }' "$1" "$2"
}

declare -A ir
measure_instructions() {
    local server port=$((BENCH_PORT + 10)) pids="" p id short long fid
    for server in stock errordoc module; do
        write_conf "cg-$server" "$port" prefork "$server" as-is
        # valgrind and httpd run as www-data, which writes the profiles
        [ "$(id -u)" = 0 ] && chown -R www-data:www-data "$run/cg-$server"
        port=$((port + 1))
    done
    log "bench: instructions per request under callgrind (ab -k -c 1, N = $N_SHORT and $N_LONG)"
    port=$((BENCH_PORT + 10))
    for server in stock errordoc module; do
        callgrind_server "$server" "$port" & pids="$pids $!"
        port=$((port + 1))
    done
    for p in $pids; do wait "$p" || die "a callgrind run failed"; done
    for server in stock errordoc module; do
        while IFS= read -r id; do
            short=$(profile_of "$server" "$id" "$N_SHORT")
            long=$(profile_of "$server" "$id" "$N_LONG")
            ir[$server.$id]=$(( ($(profile_total "$long") - $(profile_total "$short")) / (N_LONG - N_SHORT) ))
            [ "$server" = errordoc ] && continue
            fid=$(file_id "$id")
            profile_costs "$short"; profile_costs "$long"
            per_request "$short.self" "$long.self" > "$run/cg-$server/perreq.$fid.self"
            per_request "$short.incl" "$long.incl" > "$run/cg-$server/perreq.$fid.incl"
            per_request "$short.arcs" "$long.arcs" > "$run/cg-$server/perreq.$fid.arcs"
        done < <(cases_for "$server" | cut -d'|' -f1)
    done
    while IFS= read -r id; do
        log "  $id: stock ${ir[stock.$id]}  errordoc ${ir[errordoc.$id]:--}  module ${ir[module.$id]}"
    done < <(case_ids)
    nm --defined-only "$MODULE" 2>/dev/null | awk '$2 ~ /^[tT]$/ {print $3}' | sort -u > "$run/module-functions"
}

# module_cost ID: what the module's functions take of a request of case
# ID, everything they call included: the calls into them from httpd
module_cost() {
    awk -F'\t' 'NR == FNR { mine[$1] = 1; next }
        { split($1, f, ">") } (f[2] in mine) && !(f[1] in mine) { s += $2 }
        END { printf "%.0f", s }' "$run/module-functions" "$run/cg-module/perreq.$(file_id "$1").arcs"
}

# ---------------------------------------------------------------------------
# 3. lib's render alone: one prepared page, many times.

measure_render() {
    local a b
    log "bench: the render micro-benchmark (tools/bench-render.c)"
    valgrind --tool=callgrind --callgrind-out-file="$run/render.short" "$RENDER" 200 >/dev/null 2>&1
    valgrind --tool=callgrind --callgrind-out-file="$run/render.long" "$RENDER" 2200 >/dev/null 2>&1
    a=$(profile_total "$run/render.short") b=$(profile_total "$run/render.long")
    render_ir=$(( (b - a) / 2000 ))
    # the fastest of three native runs of 200,000 pages
    render_ns=$(for _ in 1 2 3; do "$RENDER" 200000; done \
        | sed -n 's/.*ns_per_page=//p' | sort -n | head -1)
    render_bytes=$("$RENDER" 1 "$run/render.html" | sed -n 's/^bytes=\([0-9]*\).*/\1/p')
    # the page the module sent for the no-credentials case, when the facts
    # in tools/bench-render.c still say what the glue passes
    render_same="no: tools/bench-render.c's facts are behind the glue's"
    cmp -s "$run/render.html" "$run/errordocs/no-credentials.html" && render_same="yes"
    log "  $render_ir Ir/page, $render_ns ns/page, $render_bytes bytes; the module's page: $render_same"
}

# ---------------------------------------------------------------------------
# 4. The children's RSS before and after a flood of 401s, for each MPM of
#    RSS_MPMS with Debian's settings. "Before" is taken after a warm-up
#    with the same load (1 s at a time, until the number of children stays
#    the same), so that the children exist and have served the URL; the
#    growth is over the children alive both times.
FLOOD_CASE=leftover-htaccess
flood_path=$(printf '%s\n' "$cases" | awk -F'|' -v id="$FLOOD_CASE" '$1 == id {print $2}')

children_rss() {   # children_rss PARENT_PID: "pid kB" for each child
    local c
    for c in $(pgrep -P "$1"); do
        awk -v pid="$c" '/^VmRSS:/ {print pid, $2}' "/proc/$c/status" 2>/dev/null || true
    done
}

declare -A rss_line
measure_rss() {
    local mpm server port=$((BENCH_PORT + 20)) name ppid prev now w reqs
    [ -n "$RSS_MPMS" ] || return 0
    log "bench: RSS before and after a ${FLOOD_SECONDS}s flood of $flood_path (wrk -t2 -c16)"
    for mpm in $RSS_MPMS; do
        for server in module stock; do
            name=rss-$server-$mpm
            write_conf "$name" "$port" "$mpm" "$server"
            start_server "$name" "$port"
            ppid=$(cat "$run/$name/logs/httpd.pid")
            children_rss "$ppid" > "$run/$name/rss.cold"
            prev=-1 w=0
            while [ "$w" -lt 10 ]; do
                wrk -t 2 -c 16 -d 1s "http://127.0.0.1:$port$flood_path" >/dev/null 2>&1 || true
                w=$((w + 1))
                now=$(pgrep -c -P "$ppid" || true)
                [ "$w" -ge 2 ] && [ "$now" = "$prev" ] && break
                prev=$now
            done
            sleep 0.5
            children_rss "$ppid" > "$run/$name/rss.before"
            wrk -t 2 -c 16 -d "${FLOOD_SECONDS}s" "http://127.0.0.1:$port$flood_path" \
                > "$run/$name/wrk.flood" 2>&1 || true
            children_rss "$ppid" > "$run/$name/rss.after"
            stop_server "$name"
            port=$((port + 1))
            reqs=$(awk '/requests in/ {print $1}' "$run/$name/wrk.flood")
            # children before/after, sums, growth over the children alive
            # both times, the largest growth of one child, since start
            rss_line[$mpm.$server]="$(awk '
                FILENAME ~ /cold$/   { cold[$1] = $2; next }
                FILENAME ~ /before$/ { b[$1] = $2; nb++; sb += $2; next }
                { na++; sa += $2; if ($1 in b) { g = $2 - b[$1]; grow += g; if (g > maxg) maxg = g }
                  if ($1 in cold) { cg = $2 - cold[$1]; if (cg > coldmax) coldmax = cg } }
                END { printf "%d %d %d %d %d %d %d\n", nb, na, sb, sa, grow, maxg + 0, coldmax + 0 }' \
                "$run/$name/rss.cold" "$run/$name/rss.before" "$run/$name/rss.after") ${reqs:-?}"
            log "  $mpm, $server: $(printf '%s' "${rss_line[$mpm.$server]}" | awk '{printf "children %d -> %d, RSS %d -> %d kB, growth %d kB", $1, $2, $3, $4, $5}')"
        done
    done
}

# ---------------------------------------------------------------------------
# 5. The .htaccess cache under churn: tools/bench-htaccess.sh, when there
#    is one; its standard output goes into the report, one item a line.
htaccess_status=skipped
run_htaccess_bench() {
    [ "${BENCH_HTACCESS:-1}" = 1 ] && [ -x tools/bench-htaccess.sh ] || return 0
    log "bench: tools/bench-htaccess.sh"
    if HTACCESS_PORT=$((BENCH_PORT + 40)) MODULE=$MODULE tools/bench-htaccess.sh \
            > "$run/htaccess.out" 2> "$run/htaccess.log"; then
        htaccess_status=ran
    else
        htaccess_status="failed (exit $?; its log: $(tail -1 "$run/htaccess.log"))"
    fi
    sed 's/^/  /' "$run/htaccess.out" >&2
}

# ---------------------------------------------------------------------------
# The tables: markdown, printed as they are and written to BENCH_OUT.

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
# at_most A B [TIMES]: "pass" when A <= B × TIMES (1 by default), else
# "FAIL"; the report's result counts the FAILs
at_most() { awk -v a="$1" -v b="$2" -v t="${3:-1}" 'BEGIN { print (a <= b * t) ? "pass" : "FAIL" }'; }
mb() { awk -v a="$1" 'BEGIN { printf "%.1f", a / 1024 }'; }
ids_with_status() {   # ids_with_status 401|other
    printf '%s\n' "$cases" | awk -F'|' -v s="$1" '(s == 401) == ($4 == 401) {print $1}'
}

table_401_instructions() {
    local id stock errdoc mod r_e r_s lim
    echo "| cause | stock (bare 401) | ErrorDocument (static page) | module | module / ErrorDocument | ≤ ${LIMIT_OVER_ERRORDOC}x | module / stock | ≤ ${LIMIT_OVER_STOCK}x (JWT ${LIMIT_OVER_STOCK_JWT}x) |"
    echo "|---|--:|--:|--:|--:|---|--:|---|"
    while IFS= read -r id; do
        stock=${ir[stock.$id]} errdoc=${ir[errordoc.$id]} mod=${ir[module.$id]}
        r_e=$(ratio "$mod" "$errdoc") r_s=$(ratio "$mod" "$stock")
        lim=$LIMIT_OVER_STOCK; [ "$id" = expired-token ] && lim=$LIMIT_OVER_STOCK_JWT
        echo "| $id | $stock | $errdoc | $mod | ${r_e}x | $(at_most "$mod" "$errdoc" "$LIMIT_OVER_ERRORDOC") | ${r_s}x | $(at_most "$mod" "$stock" "$lim") |"
    done < <(ids_with_status 401)
}

table_other_instructions() {
    local id r
    echo "| response | stock | module | module / stock | ≤ ${LIMIT_OTHER}x | the module's functions |"
    echo "|---|--:|--:|--:|---|--:|"
    while IFS= read -r id; do
        r=$(ratio "${ir[module.$id]}" "${ir[stock.$id]}")
        echo "| $id | ${ir[stock.$id]} | ${ir[module.$id]} | ${r}x | $(at_most "${ir[module.$id]}" "${ir[stock.$id]}" "$LIMIT_OTHER") | $(module_cost "$id") |"
    done < <(ids_with_status other)
}

table_render() {
    echo "| page | bytes | the module's page, byte for byte | Ir/page | ns/page |"
    echo "|---|--:|---|--:|--:|"
    echo "| no-credentials, HTML, en | $render_bytes | $render_same | $render_ir | $render_ns |"
}

table_requests_per_second() {
    local id
    echo "| case | stock | ErrorDocument | module |"
    echo "|---|--:|--:|--:|"
    while IFS= read -r id; do
        echo "| $id | ${rps[stock.$id]} | ${rps[errordoc.$id]:--} | ${rps[module.$id]} |"
    done < <(case_ids)
}

table_sizes() {
    local id
    echo "| cause | page (body) | stock | ErrorDocument | module | module ≤ 14 KB |"
    echo "|---|--:|--:|--:|--:|---|"
    while IFS= read -r id; do
        echo "| $id | ${body_bytes[$id]} | ${size_stock[$id]} | ${size_errdoc[$id]} | ${size_mod[$id]} | $(at_most "${size_mod[$id]}" "$LIMIT_BYTES") |"
    done < <(ids_with_status 401)
}

table_rss() {
    local mpm server nb na sb sa grow maxg coldmax reqs t
    echo "| MPM | server | children before → after | children's RSS before | after | growth | largest one child | since start (largest child) | requests in the flood | growth ≤ 4 MB |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|--:|---|"
    for mpm in $RSS_MPMS; do
        for server in module stock; do
            read -r nb na sb sa grow maxg coldmax reqs <<< "${rss_line[$mpm.$server]}"
            t="(reference)"; [ "$server" = module ] && t=$(at_most "$grow" "$LIMIT_RSS_KB")
            echo "| $mpm | $server | $nb → $na | $(mb "$sb") MB | $(mb "$sa") MB | $grow kB | $maxg kB | $coldmax kB | $reqs | $t |"
        done
    done
}

# avg_costs SERVER KIND: "function<TAB>Ir/req", averaged over the 401 cases
avg_costs() {
    local id n=0 files=()
    while IFS= read -r id; do
        files+=("$run/cg-$1/perreq.$(file_id "$id").$2"); n=$((n + 1))
    done < <(ids_with_status 401)
    cat "${files[@]}" | awk -F'\t' -v n="$n" '{ s[$1] += $2 } END { for (f in s) printf "%s\t%.0f\n", f, s[f] / n }'
}

table_module_functions() {
    echo "| function | Ir/req |"
    echo "|---|--:|"
    avg_costs module incl | awk -F'\t' 'NR == FNR { mine[$1] = 1; next } ($1 in mine) && $2 >= 1' \
        "$run/module-functions" - | sort -t"$(printf '\t')" -k2,2nr | head -15 \
        | awk -F'\t' '{printf "| %s | %s |\n", $1, $2}'
}

table_added_by_function() {
    avg_costs stock self > "$run/avg.stock.self"
    echo "| function | extra Ir/req |"
    echo "|---|--:|"
    avg_costs module self | awk -F'\t' 'NR == FNR { s[$1] = $2; next }
        { d = $2 - s[$1]; if (d >= 1) printf "%s\t%d\n", $1, d }' "$run/avg.stock.self" - \
        | sort -t"$(printf '\t')" -k2,2nr | head -12 | awk -F'\t' '{printf "| %s | %s |\n", $1, $2}'
}

table_htaccess() {
    case $htaccess_status in
        skipped) echo "Not run: no executable tools/bench-htaccess.sh (or BENCH_HTACCESS=0)." ;;
        ran) sed '/^[[:space:]]*$/d; s/^/- /' "$run/htaccess.out" ;;
        *) echo "FAIL: tools/bench-htaccess.sh $htaccess_status"; sed '/^[[:space:]]*$/d; s/^/- /' "$run/htaccess.out" ;;
    esac
}

# What a 401 costs over httpd's own, with the module and with the static page.
summary_401() {
    local id
    while IFS= read -r id; do
        echo "$id $((ir[module.$id] - ir[stock.$id])) $((ir[errordoc.$id] - ir[stock.$id]))"
    done < <(ids_with_status 401) | awk '
        NR == 1 || $2 < min { min = $2; minid = $1 }
        NR == 1 || $2 > max { max = $2; maxid = $1 }
        NR == 1 || $3 < emin { emin = $3 }
        NR == 1 || $3 > emax { emax = $3 }
        { s += $2; es += $3; n++ }
        END { printf "On a 401 the module adds %d to %d instructions per request to what httpd spends (%s to %s; %d on average); the static ErrorDocument page adds %d to %d (%d on average).\n", min, max, minid, maxid, s / n, emin, emax, es / n }'
}

write_report() {
    local run_as="user $(id -un)"
    [ "$(id -u)" = 0 ] && run_as="root, httpd serving as www-data"
    cat <<MD
# Benchmarks

Written by \`tools/bench.sh\` (\`make bench\`); do not edit by hand, run it again.

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- httpd: $("$HTTPD" -v | sed -n 's/^Server version: *//p')
- Machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(uname -sr)
- Tools: $(valgrind --version), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), ab $(ab -V 2>/dev/null | awk '/^This is ApacheBench/ {print $5; exit}' | tr -d ',')
- Run time: $(( $(date +%s) - started )) s, as $run_as
- Command: \`${BENCH_COMMAND:-make bench}\`

Three servers of one site and configuration: **stock** is httpd without
mod_helpful401 (its 401s get httpd's bare page); **ErrorDocument** is stock with
\`ErrorDocument 401 /401.html\`, where /401.html is, for each cause, the module's
page for that request fetched once and saved as a static file (the same
bytes): what an administrator would otherwise do; **module** loads
mod_helpful401, with its defaults but \`Helpful401Detail Off\` (the benchmark's
clients are on the loopback address, which by default also gets the
administrator's section; this is the page every other visitor gets).

The requests: \`/staff/\` is Basic (AuthUserFile), sent nothing (no-credentials), \`Authorization: Basic\` of demo:wrong (bad-credentials: its cost is mostly the password hash), \`Bearer x\` (wrong-scheme), \`Basic !!!\` (malformed-credentials); \`/old-members/\` has an .htaccess whose AuthUserFile is gone (leftover-htaccess); \`/app/orders\` is \`RewriteRule ^/app/ - [R=401]\` (server-misconfigured); \`/shop/\` is \`AuthType form\` with mod_session, sent \`Cookie: PHPSESSID=1\` (stale-session); \`/api/orders\` is mod_rewrite R=401 with \`Header always set WWW-Authenticate "Bearer realm=\\"orders API\\""\`, sent a JWT that expired in 2020 (expired-token). The 200 is \`/index.html\` (a small static page), the 404 \`/nope.html\`.

Instructions per request (Ir/req) are counted, not timed, and two runs
agree within about 0.2 %: \`valgrind --tool=callgrind apache2 -X\` (prefork, one process)
for each server, then for each URL \`ab -k -c 1 -n N\`, N = $N_SHORT and then $N_LONG
(one connection each). callgrind writes a profile as each connection starts
(\`--dump-before=ap_process_connection\`), so each ab run has its own; Ir/req =
(Ir($N_LONG) − Ir($N_SHORT)) / $((N_LONG - N_SHORT)), from the profiles' \`totals:\` lines, so what a
connection costs besides its requests cancels out.

## A 401: the module against httpd's page and a static ErrorDocument page

Ir/req. Targets: every cause costs no more than the static ErrorDocument
page, and at most ${LIMIT_OVER_STOCK}× httpd's bare 401 (expired-token, which reads a JWT,
${LIMIT_OVER_STOCK_JWT}×).

$(table_401_instructions)

## Requests the module does not answer

Ir/req; target: at most ${LIMIT_OTHER}× stock. "The module's functions" is what
its hooks and filters take of that, with everything they call.

$(table_other_instructions)

## The render alone

lib's \`h401_page_render\` for one page prepared from the shipped template
set (\`h401_pageset_load\` over \`h401_builtin_get\`, every shipped language),
into a fresh 4 KB buffer in a pool cleared before each page, as the module
renders it: \`tools/bench-render.c\`, built from lib/ with apxs's CFLAGS. Ir/page
from callgrind (2,200 pages minus 200, over 2,000); ns/page the fastest of
three runs of 200,000 pages, without valgrind (indicative). Its page is
compared with the one the module sent for no-credentials above.

$(table_render)

## Response sizes

Bytes on the wire (headers and body) for the request ab sends (\`Accept: */*\`,
no \`Accept-Language\`); the page is the module's body, which the
ErrorDocument page repeats byte for byte. Target: a helpful 401 is at most
14 KB ($LIMIT_BYTES bytes, about TCP's first flight).

$(table_sizes)

## Requests per second (indicative)

\`wrk -t1 -c8 -d${WRK_SECONDS}s\` after 500 requests of warm-up, event MPM with Debian's
settings, the three servers one after the other for each case. They and
wrk share the machine's $(nproc) CPUs (and whatever else runs on it), so these
numbers move from run to run by far more than the instruction counts; no
target is set on them.

$(table_requests_per_second)
MD
    if [ -n "$RSS_MPMS" ]; then
        cat <<MD

## Memory: children's RSS around a 401 flood

\`wrk -t2 -c16 -d${FLOOD_SECONDS}s\` on \`$flood_path\` ($FLOOD_CASE), for each MPM of \`RSS_MPMS\` ($RSS_MPMS; \`RSS_MPMS="event worker prefork"\` for all three) with Debian's settings (\`mods-available/mpm_*.conf\`). RSS is the sum of \`VmRSS\` over the children; "before" is taken after a warm-up with the same load (1 s at a time, at least 2 s, until the number of children stays the same), "after" right after the flood; the growth is over the children alive both times; "since start" is the largest growth of one child from just after start-up. Target: growth at most 4 MB with the module; stock is shown for reference.

$(table_rss)
MD
    fi
    cat <<MD

## The .htaccess cache under churn

From \`tools/bench-htaccess.sh\`, as it reports itself:

$(table_htaccess)

## Where the module's instructions go

From the callgrind profiles above, per request ($N_LONG-request run minus $N_SHORT-request run), averaged over the 401 cases. The module's functions, inclusive (a function's own cost and that of everything it calls; the module's filter includes passing the page down to httpd's filters, which write it):

$(table_module_functions)

What the module adds to a 401, by function, self cost (module minus stock; C library and APR functions count where the module calls them):

$(table_added_by_function)
MD
}

# ---------------------------------------------------------------------------

main() {
    require_tools
    require_free_ports
    make_run_dir
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    make_site

    write_conf stock "$P_STOCK" event stock
    write_conf module "$P_MOD" event module
    write_conf errordoc "$P_ERRDOC" event errordoc
    start_server stock "$P_STOCK"
    start_server module "$P_MOD"
    start_server errordoc "$P_ERRDOC"
    check_cases_and_make_errordocs
    measure_requests_per_second
    stop_server stock; stop_server module; stop_server errordoc

    measure_instructions
    measure_render
    measure_rss
    run_htaccess_bench

    write_report > "$run/report.md"
    # every missed target says FAIL in a table (MISSED in bench-htaccess.sh's lines)
    all_pass=1
    grep -qwE 'FAIL|MISSED' "$run/report.md" && all_pass=0
    mkdir -p "$(dirname "$BENCH_OUT")"
    {
        cat "$run/report.md"
        printf '\n## Result\n\n'
        if [ "$all_pass" = 1 ]; then echo "Every target is met."
        else echo "Not every target is met: see FAIL (and MISSED) above."; fi
        echo
        summary_401
    } > "$BENCH_OUT"
    sed -n '/^## A 401/,$p' "$BENCH_OUT"
    echo
    echo "Written: $BENCH_OUT ($(( $(date +%s) - started )) s)"
    if [ "$all_pass" = 1 ]; then
        echo "Every target is met."
    else
        echo "Not every target is met (FAIL above)."
        # a measurement, not a test: it fails only when asked to
        [ "${BENCH_STRICT:-0}" = 1 ] && exit 1
    fi
    exit 0
}

main "$@"
