# mod_helpful401: build, test, demo, install.
#   make          build mod_helpful401.so with apxs and ./helpful401-scan
#                 (needs apxs, a C compiler and perl, nothing else: no
#                 package is looked up)
#   make test     every test: C unit tests, the Apache::Test suite and, as
#                 root, the Debian package (tools/test-deb.sh)
#   make demo     serve a demo site on 127.0.0.1:$(PORT)
#   make install  install the module, its conf files, the templates, and
#                 helpful401-scan with its man page
#                 (Debian: then a2enmod helpful401); make uninstall
#   make deb      the Debian package, in build/deb/ (debian/)

APXS     ?= $(shell command -v apxs 2>/dev/null || echo /usr/bin/apxs)
HTTPD    ?= $(shell command -v apache2 2>/dev/null || echo /usr/sbin/apache2)
PORT     ?= 8401
CC       ?= cc
WARN      = -Wall -Wextra -Werror -Wmissing-prototypes -Wshadow
# APR's config script as apxs knows it (apr-1-config on PATH if apxs names
# none); found once, when used.
APR_CFG  ?= $(eval APR_CFG := $$(or $$(shell $$(APXS) -q APR_CONFIG 2>/dev/null), \
              $$(shell command -v apr-1-config 2>/dev/null),apr-1-config))$(APR_CFG)
# The module shows httpd its module structure and nothing else: no name of
# ours can clash with another module's, and calls within it are direct.
# $(call visibility,APXS) asks that apxs's compiler (gcc and clang take it).
visibility = $$(printf 'int x;\n' | $$($(1) -q CC) -fvisibility=hidden -x c -c \
               -o /dev/null - >/dev/null 2>&1 && echo -Wc,-fvisibility=hidden)
# $(call build_module,APXS): the module built by that apxs in the current
# directory, warnings as errors; apxs's output in build.log (its warnings,
# should WARN lack -Werror, shown).
build_module = $(1) -c $(foreach f,$(WARN),-Wc,$(f)) $(call visibility,$(1)) \
	    -o mod_helpful401.la $(MOD_SRC) $(LIB_SRC) > build.log 2>&1 || { cat build.log; exit 1; }; \
	grep -E ': (warning|error):' build.log || true

# Sources by wildcard, so that adding or removing a file needs no change
# here: lib/h401_*.c (pure C, APR only) plus the generated templates file,
# and the glue mod_helpful401*.c.
GEN_SRC   = lib/h401_builtin.c
LIB_SRC   = $(sort $(filter-out $(GEN_SRC),$(wildcard lib/h401_*.c))) $(GEN_SRC)
LIB_HDR   = $(wildcard lib/*.h)
MOD_SRC   = $(sort $(wildcard mod_helpful401*.c))
MOD_HDR   = $(wildcard mod_helpful401*.h)
TEMPLATES = $(shell find templates -type f 2>/dev/null | sort)
UNIT_SRC  = $(wildcard t/unit/test_*.c)
UNIT_BIN  = $(patsubst t/unit/%.c,t/unit/bin/%,$(UNIT_SRC))

MODULE    = .libs/mod_helpful401.so

# helpful401-scan (scan/): a program on lib/'s .htaccess rules, so that it
# and the module judge a file alike. Built with the CFLAGS, CPPFLAGS and
# LDFLAGS given (a Debian package's hardening flags), warnings as errors.
# ServerRoot, against which it resolves relative file names, is apxs's
# SYSCONFDIR (Debian's /etc/apache2) unless SCAN_SERVER_ROOT says.
SCAN      = helpful401-scan
SCAN_SRC  = scan/helpful401-scan.c
SCAN_LIB  = lib/h401_htaccess.c lib/h401_htaccess_cache.c lib/h401_escape.c
SCAN_MAN  = docs/helpful401-scan.1
CFLAGS   ?= -g -O2
SCAN_SERVER_ROOT ?= $(or $(SYSCONFDIR),/etc/apache2)

.PHONY: all scan bench-scan module-clang deps unit test test-suite demo install uninstall deb clean bench bench-htaccess screenshots fuzz sanitize memcheck sanitize-build clean-fuzz preview
all: $(MODULE) $(SCAN)

$(GEN_SRC): tools/embed-templates.pl $(TEMPLATES)
	perl tools/embed-templates.pl templates > $@.tmp && mv $@.tmp $@

$(MODULE): $(MOD_SRC) $(MOD_HDR) $(LIB_SRC) $(LIB_HDR)
	$(call build_module,$(APXS))

# The module again with clang as apxs's compiler (make test builds both),
# in build/clang/: apxs writes its objects beside the sources, so that
# directory gets a copy of them. The same as make APXS="apxs -S CC=clang".
CLANG       ?= clang
CLANG_DIR    = build/clang
CLANG_MODULE = $(CLANG_DIR)/.libs/mod_helpful401.so

$(CLANG_MODULE): $(MOD_SRC) $(MOD_HDR) $(LIB_SRC) $(LIB_HDR)
	rm -rf $(CLANG_DIR) && mkdir -p $(CLANG_DIR)/lib
	cp $(MOD_SRC) $(MOD_HDR) $(CLANG_DIR)/ && cp $(LIB_SRC) $(LIB_HDR) $(CLANG_DIR)/lib/
	cd $(CLANG_DIR) && $(call build_module,$(APXS) -S CC=$(CLANG))

module-clang: $(CLANG_MODULE)

$(SCAN): $(SCAN_SRC) $(SCAN_LIB) $(LIB_HDR)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $$($(APR_CFG) --cflags --cppflags --includes) -Ilib \
	    -DH401_SERVER_ROOT='"$(SCAN_SERVER_ROOT)"' -o $@ $(SCAN_SRC) $(SCAN_LIB) \
	    $(LDFLAGS) $$($(APR_CFG) --link-ld --libs)

scan: $(SCAN)

# C unit tests of lib/: no httpd, only APR; each prints TAP. lib/ is
# compiled once into an archive that every test links.
UNIT_CFLAGS = $(WARN) -g -O1 $$($(APR_CFG) --cflags --cppflags --includes) -Ilib
UNIT_LIB  = t/unit/bin/libh401.a
UNIT_OBJ  = $(patsubst lib/%.c,t/unit/bin/obj/%.o,$(LIB_SRC))

t/unit/bin/obj/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(UNIT_CFLAGS) -c -o $@ $<

# made afresh each time, so that a file gone from lib/ leaves no member
$(UNIT_LIB): $(UNIT_OBJ)
	rm -f $@
	$(AR) rcs $@ $(UNIT_OBJ)

t/unit/bin/test_%: t/unit/test_%.c t/unit/tap.h t/unit/messages_file.h $(UNIT_LIB)
	$(CC) $(UNIT_CFLAGS) -o $@ $< $(UNIT_LIB) $$($(APR_CFG) --link-ld --libs)

unit: $(UNIT_BIN)
	prove -v $(UNIT_BIN)

# Everything; as root this re-runs itself as an unprivileged user, because
# Apache::Test refuses to start httpd as root. Then, as root only (it skips
# otherwise), the Debian package: built, installed, served, purged.
test:
	@tools/deps.sh test
	@tools/run-tests.sh
	@prove -v tools/test-deb.sh

# The suite proper, as a normal user (run-tests.sh calls this): the module
# built by gcc and by clang, the sanitizer run, then one prove over
# tools/check-directives.pl (every directive created, merged, documented),
# the unit test binaries and the server tests t/*.t. prove runs a binary that
# prints TAP as it is, so the unit tests need no .t wrapper; Apache::Test's
# own harness (t/TEST) runs only .t files, so tools/apache-test.sh has it
# start the server (t/TEST -start-httpd, which also writes the config the
# server tests read), runs prove, and has it stop the server after.
# Everything is built first, two jobs at a time.
test-suite:
	@$(MAKE) --no-print-directory -j2 $(MODULE) $(CLANG_MODULE) $(SCAN) $(UNIT_BIN) sanitize-build
	@$(MAKE) --no-print-directory sanitize
	tools/apache-test.sh

demo: 
	@tools/deps.sh demo
	@$(MAKE) --no-print-directory $(MODULE)
	@PORT=$(PORT) HTTPD=$(HTTPD) tools/demo.sh

# The Apache::Test suite against httpd -X under valgrind; as root, like
# `make test`, it runs as an unprivileged user over a copy of the tree,
# which builds.
memcheck:
	@tools/deps.sh memcheck
	@tools/memcheck.sh

screenshots:
	@tools/deps.sh screenshots
	@$(MAKE) --no-print-directory $(MODULE)
	@tools/screenshots.sh

# Where `make install` puts things: the module where apxs installs modules,
# the .load and .conf files in Debian's mods-available when there is one
# (a2enmod enables them) and else in apxs's SYSCONFDIR, the templates (a
# copy to start Helpful401Templates from) under apxs's DATADIR,
# helpful401-scan in apxs's BINDIR (beside htpasswd; /usr/bin on Debian)
# and its man page under apxs's MANDIR. Each can be given: make install
# CONFDIR=/etc/httpd/conf.d BINDIR=/usr/bin; DESTDIR stages an install.
LIBEXECDIR   = $(shell $(APXS) -q LIBEXECDIR 2>/dev/null)
SYSCONFDIR   = $(shell $(APXS) -q SYSCONFDIR 2>/dev/null)
DATADIR      = $(shell $(APXS) -q DATADIR 2>/dev/null)
CONFDIR      = $(if $(wildcard $(SYSCONFDIR)/mods-available/.),$(SYSCONFDIR)/mods-available,$(SYSCONFDIR))
TEMPLATEDIR  = $(DATADIR)/helpful401/templates
BINDIR      ?= $(or $(shell $(APXS) -q BINDIR 2>/dev/null),/usr/local/bin)
MANDIR      ?= $(or $(shell $(APXS) -q MANDIR 2>/dev/null),/usr/local/share/man)

install: $(MODULE) $(SCAN)
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(CONFDIR) $(DESTDIR)$(TEMPLATEDIR) \
	    $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(SCAN) $(DESTDIR)$(BINDIR)/
	install -m 644 $(SCAN_MAN) $(DESTDIR)$(MANDIR)/man1/
	$(APXS) -i -S LIBEXECDIR=$(DESTDIR)$(LIBEXECDIR) -n helpful401 mod_helpful401.la
	sed 's|^\(LoadModule helpful401_module\) .*|\1 $(LIBEXECDIR)/mod_helpful401.so|' \
	    conf/helpful401.load > $(DESTDIR)$(CONFDIR)/helpful401.load
	chmod 644 $(DESTDIR)$(CONFDIR)/helpful401.load
	install -m 644 conf/helpful401.conf $(DESTDIR)$(CONFDIR)/
	cp -R templates/. $(DESTDIR)$(TEMPLATEDIR)/
	@if command -v a2enmod >/dev/null 2>&1 && [ "$(CONFDIR)" = "$(SYSCONFDIR)/mods-available" ]; then \
	    echo "Enable it with: a2enmod helpful401 && systemctl reload apache2"; \
	else \
	    echo "Enable it with: Include $(CONFDIR)/helpful401.load and $(CONFDIR)/helpful401.conf in httpd.conf"; \
	fi

# What install put in place. On Debian a module still enabled is disabled
# first: a mods-enabled link to a removed file stops apache2 from starting.
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -e $(SYSCONFDIR)/mods-enabled/helpful401.load ] \
	    && command -v a2dismod >/dev/null 2>&1; then a2dismod -q helpful401; fi
	rm -f $(DESTDIR)$(LIBEXECDIR)/mod_helpful401.so \
	    $(DESTDIR)$(CONFDIR)/helpful401.load $(DESTDIR)$(CONFDIR)/helpful401.conf \
	    $(DESTDIR)$(BINDIR)/$(SCAN) $(DESTDIR)$(MANDIR)/man1/$(notdir $(SCAN_MAN))
	rm -rf $(DESTDIR)$(TEMPLATEDIR)
	-@rmdir $(DESTDIR)$(dir $(TEMPLATEDIR)) 2>/dev/null || true

# The Debian package, libapache2-mod-helpful401_VERSION_ARCH.deb, with its
# .changes and .buildinfo, in $(DEB_DIR). dpkg-buildpackage builds in the
# tree it is given and writes into that tree's parent, so it gets a copy of
# this one in $(DEB_DIR)/src (removed after): the tree is left as it was.
DEB_DIR = build/deb

deb:
	@tools/deps.sh deb
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	tar --exclude=./.git --exclude=./build --exclude=./.libs --exclude=./t/logs \
	    --exclude=./t/unit/bin --exclude=./t/unit/asan --exclude=./fuzz/bin -cf - . \
	    | tar -C $(DEB_DIR)/src -xf -
	cd $(DEB_DIR)/src && dpkg-buildpackage -us -uc -b
	rm -rf $(DEB_DIR)/src
	@ls $(DEB_DIR)/*.deb

clean:
	rm -rf .libs *.la *.lo *.slo *.o lib/*.lo lib/*.slo lib/*.o lib/.libs \
	    $(GEN_SRC) $(SCAN) t/unit/bin tools/bin build build.log demo/run
	-test -x t/TEST && t/TEST -clean >/dev/null 2>&1 || true
	rm -f t/TEST

# ---- Fuzzing and sanitizers (fuzz/README.md) ----
#   make sanitize   unit tests and the fuzz corpus replay, under ASan + UBSan
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (needs clang)
FUZZ_TARGETS  = authorization challenges jwt cookie accept template htaccess htpasswd
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_OPTIONS ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
# A smaller render limit: inputs that reach it (messages naming themselves)
# would otherwise take most of the template fuzzer's time.
FUZZ_CFLAGS   = -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -DH401_TPL_MAX_WORK=16384
FUZZ_BINS     = $(patsubst %,fuzz/bin/fuzz_%,$(FUZZ_TARGETS))
FUZZ_DEPS     = fuzz/fuzz.h fuzz/fuzz_common.c $(LIB_SRC) $(LIB_HDR)

# clang when it can link the sanitizers (libclang-rt-14-dev), else gcc,
# whose runtimes (libasan8, libubsan1) come with it; found once, when used.
SAN_CC       ?= $(eval SAN_CC := $$(shell printf 'int main(void){return 0;}\n' \
                  | clang -x c -fsanitize=address,undefined -o /dev/null - \
                  >/dev/null 2>&1 && echo clang || echo gcc))$(SAN_CC)
SAN_DIR       = t/unit/asan
SAN_CFLAGS    = $(filter-out -Werror,$(WARN)) -g -O1 -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=all \
                $$($(APR_CFG) --cflags --cppflags --includes) -Ilib -Ifuzz
SAN_LIBS      = $$($(APR_CFG) --link-ld --libs) -ldl
SAN_LIB_OBJ   = $(patsubst lib/%.c,$(SAN_DIR)/obj/%.o,$(LIB_SRC))
SAN_UNIT      = $(patsubst t/unit/%.c,$(SAN_DIR)/%,$(UNIT_SRC))
SAN_REPLAY    = $(patsubst %,$(SAN_DIR)/replay_%,$(FUZZ_TARGETS))
SAN_ENV       = ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

$(SAN_DIR)/obj/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -c -o $@ $<

$(SAN_DIR)/obj/%.o: fuzz/%.c fuzz/fuzz.h $(LIB_HDR)
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -c -o $@ $<

$(SAN_DIR)/test_%: t/unit/test_%.c t/unit/tap.h $(SAN_LIB_OBJ)
	$(SAN_CC) $(SAN_CFLAGS) -o $@ $< $(SAN_LIB_OBJ) $(SAN_LIBS)

# Each driver replays its own corpus when run without arguments, as prove
# runs it (from the top of the tree).
$(SAN_DIR)/obj/replay_%.o: fuzz/replay.c fuzz/fuzz.h
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -DREPLAY_CORPUS='"fuzz/corpus/$*"' -c -o $@ $<

$(SAN_DIR)/replay_%: $(SAN_DIR)/obj/fuzz_%.o $(SAN_DIR)/obj/replay_%.o \
                     $(SAN_DIR)/obj/fuzz_common.o $(SAN_LIB_OBJ)
	$(SAN_CC) $(SAN_CFLAGS) -o $@ $^ $(SAN_LIBS)

# Objects made by the pattern rules are kept (make deletes such
# intermediate files by default, and then compiled everything again after
# a change to any one source).
.SECONDARY:

# The build runs two jobs at a time on its own, to stay well under a minute.
sanitize:
	@$(MAKE) --no-print-directory -j2 sanitize-build
	$(SAN_ENV) prove $(SAN_UNIT) $(SAN_REPLAY)

sanitize-build: $(SAN_UNIT) $(SAN_REPLAY)

fuzz/bin/fuzz_%: fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $$($(APR_CFG) --cflags --cppflags --includes) -Ilib -Ifuzz \
	    -o $@ $< fuzz/fuzz_common.c $(LIB_SRC) $$($(APR_CFG) --link-ld --libs) -ldl

# One target at a time; new inputs go into its corpus, crashes into
# fuzz/findings/. Fails when any target found something. Inputs are up to
# 8 KiB (httpd's default header limit), Accept ones 1 KiB: its parsers are
# linear, and longer inputs only slow them (the corpus keeps long ones).
fuzz:
	@tools/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@mkdir -p fuzz/findings
	@failed=; for t in $(FUZZ_TARGETS); do \
	    case $$t in accept) len=1024 ;; *) len=8192 ;; esac; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS)s over fuzz/corpus/$$t"; \
	    fuzz/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$$len $(FUZZ_OPTIONS) \
	        -artifact_prefix=fuzz/findings/$$t- fuzz/corpus/$$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: findings for:$$failed (see fuzz/findings/)"; exit 1; fi

# The render micro-benchmark: lib/ built as the module builds it (apxs's
# CFLAGS, -O2), not as the unit tests are (-O1).
BENCH_RENDER = tools/bin/bench-render
$(BENCH_RENDER): tools/bench-render.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(WARN) $$($(APXS) -q CFLAGS) $$($(APR_CFG) --cflags --cppflags --includes) -Ilib \
	    -o $@ $< $(LIB_SRC) $$($(APR_CFG) --link-ld --libs)

bench:
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory $(MODULE) $(BENCH_RENDER)
	@tools/bench.sh

# The .htaccess cache alone: memory under churn, requests/s over many files.
bench-htaccess:
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory $(MODULE)
	@tools/bench-htaccess.sh

# An admin's template set, every cause x language x format, written to
# files (and screenshots where Chromium is) before httpd is reloaded:
#   make preview TEMPLATES=/etc/apache2/helpful401/acme OUT=/tmp/preview
# TEMPLATES unset previews the shipped set; CONTACT, CONTACT_NAME and
# LOGIN_URL stand for the directives, METHOD for the area's sign-in,
# CAUSE picks one cause.
PREVIEW = tools/bin/helpful401-preview
OUT ?= preview
$(PREVIEW): tools/preview.c $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 $$($(APR_CFG) --cflags --cppflags --includes) -Ilib \
	    -o $@ $< $(LIB_SRC) $$($(APR_CFG) --link-ld --libs)

preview: $(PREVIEW)
	@tools/preview.sh $(if $(CONTACT),-c '$(CONTACT)') $(if $(CONTACT_NAME),-n '$(CONTACT_NAME)') \
	    $(if $(LOGIN_URL),-l '$(LOGIN_URL)') $(if $(METHOD),-m '$(METHOD)') $(if $(CAUSE),-C '$(CAUSE)') \
	    '$(or $(TEMPLATES),-)' '$(OUT)'

# helpful401-scan over 100,000 files: how long it takes (an indication).
bench-scan: $(SCAN)
	@tools/bench-scan.sh

# `make clean` removes these builds too (fuzz/findings/ is kept).
clean: clean-fuzz
clean-fuzz:
	rm -rf $(SAN_DIR) fuzz/bin
