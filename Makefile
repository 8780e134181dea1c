# mod_helpful401: build, test, demo, install.
#   make          build mod_helpful401.so with apxs
#   make test     every test: C unit tests and the Apache::Test suite
#   make demo     serve a demo site on 127.0.0.1:$(PORT)
#   make install  install into Debian's apache2 (then: a2enmod helpful401)

APXS     ?= $(shell command -v apxs 2>/dev/null || echo /usr/bin/apxs)
HTTPD    ?= $(shell command -v apache2 2>/dev/null || echo /usr/sbin/apache2)
PORT     ?= 8401
CC       ?= cc
WARN      = -Wall -Wextra -Werror -Wmissing-prototypes -Wshadow
APR_CFG   = $(shell command -v apr-1-config 2>/dev/null || echo apr-1-config)
# The module shows httpd its module structure and nothing else: no name of
# ours can clash with another module's, and calls within it are direct.
# Asked of apxs's compiler when building (gcc and clang take it).
VISIBILITY = $$(printf 'int x;\n' | $$($(APXS) -q CC) -fvisibility=hidden -x c -c \
               -o /dev/null - >/dev/null 2>&1 && echo -Wc,-fvisibility=hidden)

LIB_SRC   = lib/h401_escape.c lib/h401_auth.c lib/h401_cookie.c lib/h401_jwt.c \
            lib/h401_htaccess.c lib/h401_htaccess_cache.c lib/h401_diagnose.c \
            lib/h401_negotiate.c lib/h401_template.c lib/h401_messages.c \
            lib/h401_page.c lib/h401_prepared.c
MOD_SRC   = mod_helpful401.c mod_helpful401_config.c mod_helpful401_facts.c
GEN_SRC   = lib/h401_builtin.c
TEMPLATES = $(shell find templates -type f 2>/dev/null | sort)
UNIT_SRC  = $(wildcard t/unit/test_*.c)
UNIT_BIN  = $(patsubst t/unit/%.c,t/unit/bin/%,$(UNIT_SRC))

MODULE    = .libs/mod_helpful401.so

.PHONY: all deps unit test test-suite demo install clean bench bench-htaccess screenshots fuzz sanitize memcheck sanitize-build clean-fuzz
all: $(MODULE)

$(GEN_SRC): tools/embed-templates.pl $(TEMPLATES)
	perl tools/embed-templates.pl templates > $@.tmp && mv $@.tmp $@

$(MODULE): $(MOD_SRC) mod_helpful401.h $(LIB_SRC) $(GEN_SRC) lib/*.h
	@tools/deps.sh build
	$(APXS) -c $(foreach f,$(WARN),-Wc,$(f)) $(VISIBILITY) -o mod_helpful401.la \
	    $(MOD_SRC) $(LIB_SRC) $(GEN_SRC) > build.log 2>&1 || { cat build.log; exit 1; }
	@grep -E ': (warning|error):' build.log || true

# C unit tests of lib/: no httpd, only APR; each prints TAP.
t/unit/bin/%: t/unit/%.c t/unit/tap.h t/unit/messages_file.h $(LIB_SRC) $(GEN_SRC) lib/*.h
	@mkdir -p t/unit/bin
	$(CC) $(WARN) -g -O1 $$($(APR_CFG) --cflags --cppflags --includes) -Ilib \
	    -o $@ $< $(LIB_SRC) $(GEN_SRC) $$($(APR_CFG) --link-ld --libs)

unit: $(UNIT_BIN)
	prove -v $(patsubst t/unit/bin/%,t/unit/%.t,$(UNIT_BIN))

# Everything; as root this re-runs itself as an unprivileged user, because
# Apache::Test refuses to start httpd as root.
test:
	@tools/deps.sh test
	@tools/run-tests.sh

# The suite proper, as a normal user (run-tests.sh calls this).
test-suite: $(MODULE) $(UNIT_BIN)
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

screenshots: $(MODULE)
	@tools/deps.sh screenshots
	@tools/screenshots.sh

install: $(MODULE)
	$(APXS) -i -n helpful401 mod_helpful401.la
	install -d $(DESTDIR)/etc/apache2/mods-available $(DESTDIR)/usr/share/apache2/helpful401
	install -m 644 conf/helpful401.load conf/helpful401.conf $(DESTDIR)/etc/apache2/mods-available/
	cp -R templates/. $(DESTDIR)/usr/share/apache2/helpful401/templates/

clean:
	rm -rf .libs *.la *.lo *.slo *.o lib/*.lo lib/*.slo lib/*.o lib/.libs \
	    $(GEN_SRC) t/unit/bin demo/run
	-test -x t/TEST && t/TEST -clean >/dev/null 2>&1 || true
	rm -f t/TEST

# ---- Fuzzing and sanitizers (fuzz/README.md) ----
#   make sanitize   unit tests and the fuzz corpus replay, under ASan + UBSan
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (needs clang)
FUZZ_TARGETS  = authorization challenges jwt cookie accept template htaccess
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_OPTIONS ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
# A smaller render limit: inputs that reach it (messages naming themselves)
# would otherwise take most of the template fuzzer's time.
FUZZ_CFLAGS   = -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -DH401_TPL_MAX_WORK=16384
FUZZ_BINS     = $(patsubst %,fuzz/bin/fuzz_%,$(FUZZ_TARGETS))
FUZZ_DEPS     = fuzz/fuzz.h fuzz/fuzz_common.c $(LIB_SRC) $(GEN_SRC) lib/*.h

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
SAN_LIB_OBJ   = $(patsubst lib/%.c,$(SAN_DIR)/obj/%.o,$(LIB_SRC) $(GEN_SRC))
SAN_UNIT      = $(patsubst t/unit/%.c,$(SAN_DIR)/%,$(UNIT_SRC))
SAN_REPLAY    = $(patsubst %,$(SAN_DIR)/replay_%,$(FUZZ_TARGETS))
SAN_ENV       = ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

$(SAN_DIR)/obj/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -c -o $@ $<

$(SAN_DIR)/obj/%.o: fuzz/%.c fuzz/fuzz.h lib/*.h
	@mkdir -p $(@D)
	$(SAN_CC) $(SAN_CFLAGS) -c -o $@ $<

$(SAN_DIR)/test_%: t/unit/test_%.c t/unit/tap.h $(SAN_LIB_OBJ)
	$(SAN_CC) $(SAN_CFLAGS) -o $@ $< $(SAN_LIB_OBJ) $(SAN_LIBS)

$(SAN_DIR)/replay_%: $(SAN_DIR)/obj/fuzz_%.o $(SAN_DIR)/obj/replay.o \
                     $(SAN_DIR)/obj/fuzz_common.o $(SAN_LIB_OBJ)
	$(SAN_CC) $(SAN_CFLAGS) -o $@ $^ $(SAN_LIBS)

# The build runs two jobs at a time on its own, to stay well under a minute.
sanitize:
	@$(MAKE) --no-print-directory -j2 sanitize-build
	$(SAN_ENV) prove $(SAN_UNIT) $(patsubst %,fuzz/t/%.t,$(FUZZ_TARGETS))

sanitize-build: $(SAN_UNIT) $(SAN_REPLAY)

# `make test` runs the sanitizers before the suite.
test-suite: sanitize

fuzz/bin/fuzz_%: fuzz/fuzz_%.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $$($(APR_CFG) --cflags --cppflags --includes) -Ilib -Ifuzz \
	    -o $@ $< fuzz/fuzz_common.c $(LIB_SRC) $(GEN_SRC) $$($(APR_CFG) --link-ld --libs) -ldl

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

bench: $(MODULE)
	@tools/deps.sh bench
	@tools/bench.sh

# The .htaccess cache alone: memory under churn, requests/s over many files.
bench-htaccess: $(MODULE)
	@tools/deps.sh bench
	@tools/bench-htaccess.sh

# `make clean` removes these builds too (fuzz/findings/ is kept).
clean: clean-fuzz
clean-fuzz:
	rm -rf $(SAN_DIR) fuzz/bin
