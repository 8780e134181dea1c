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

LIB_SRC   = lib/h401_escape.c lib/h401_auth.c lib/h401_cookie.c lib/h401_jwt.c \
            lib/h401_htaccess.c lib/h401_htaccess_cache.c lib/h401_diagnose.c \
            lib/h401_negotiate.c lib/h401_template.c lib/h401_messages.c \
            lib/h401_page.c
MOD_SRC   = mod_helpful401.c mod_helpful401_config.c mod_helpful401_facts.c
GEN_SRC   = lib/h401_builtin.c
TEMPLATES = $(shell find templates -type f 2>/dev/null | sort)
UNIT_SRC  = $(wildcard t/unit/test_*.c)
UNIT_BIN  = $(patsubst t/unit/%.c,t/unit/bin/%,$(UNIT_SRC))

MODULE    = .libs/mod_helpful401.so

.PHONY: all deps unit test test-suite demo install clean bench screenshots
all: $(MODULE)

$(GEN_SRC): tools/embed-templates.pl $(TEMPLATES)
	perl tools/embed-templates.pl templates > $@.tmp && mv $@.tmp $@

$(MODULE): $(MOD_SRC) mod_helpful401.h $(LIB_SRC) $(GEN_SRC) lib/*.h
	@tools/deps.sh build
	$(APXS) -c $(foreach f,$(WARN),-Wc,$(f)) -o mod_helpful401.la \
	    $(MOD_SRC) $(LIB_SRC) $(GEN_SRC) > build.log 2>&1 || { cat build.log; exit 1; }
	@grep -E ': (warning|error):' build.log || true

# C unit tests of lib/: no httpd, only APR; each prints TAP.
t/unit/bin/%: t/unit/%.c t/unit/tap.h $(LIB_SRC) $(GEN_SRC) lib/*.h
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
