/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_htpasswd: finding a user's line in an
 * AuthUserFile as mod_authn_file does, and telling the stored values that
 * apr_password_validate() can never accept on this system. */
#include <apr_general.h>
#include <apr_pools.h>
#include "h401_htpasswd.h"
#include "tap.h"

typedef struct {
    const char *name;
    const char *hash;
    h401_hash_problem problem;
    const char *scheme;
} hash_case;

/* Every value marked OK was accepted by apr_password_validate() on
 * Debian 12 (apr-util 1.6.3, libxcrypt 4.4.33) for its password. */
static const hash_case hash_cases[] = {
    { "bcrypt $2y$ (htpasswd -B)", "$2y$05$RDF8RfLltGLvC4AXLyobpOt2t2.6U/EWDnjoMVO9Guof7c7Ec6Sqq", H401_HASH_OK, NULL },
    { "bcrypt $2a$", "$2a$05$RDF8RfLltGLvC4AXLyobpOt2t2.6U/EWDnjoMVO9Guof7c7Ec6Sqq", H401_HASH_OK, NULL },
    { "bcrypt $2b$ (through crypt)", "$2b$05$abcdefghijklmnopqrstuuHIrMEWpUCQe2YqFR3sXwQ75u4od..9q", H401_HASH_OK, NULL },
    { "apr's MD5 $apr1$", "$apr1$EyM/l6/c$oqvL4sHtHqZpmdIZVbEBR1", H401_HASH_OK, NULL },
    { "{SHA} (htpasswd -s)", "{SHA}GpHWL3ymc5liWkNopqtdSjuqYHM=", H401_HASH_OK, NULL },
    { "SHA-512 crypt $6$", "$6$saltsalt$pauPrmdmG4BTE9h2HPmywiw152IFch6BJCEsaY6D.PLTfpV8sqvXwWdyfsgVgozkYH9B80bAip/08R2BPH2xk/", H401_HASH_OK, NULL },
    { "SHA-256 crypt $5$", "$5$saltsalt$0rl.MZtoLLPP3X0Rdl8riRnphIcAXJY27/aOAyK2hB5", H401_HASH_OK, NULL },
    { "MD5 crypt $1$", "$1$saltsalt$6SNdNaZLKst2LlSm7oPPL1", H401_HASH_OK, NULL },
    { "yescrypt $y$ (Debian's own default)", "$y$j9T$abcdefghijklmnop$wRwvHNqzMkHLG74uLLCRVTwaZ.a1aIothEUeYGf9oED", H401_HASH_OK, NULL },
    { "gost-yescrypt $gy$", "$gy$j9T$abcdefghijklmnop$FsKX1p0E7/YAeYYYk8JwEoSmY2j55FT86HbjrAKDjV9", H401_HASH_OK, NULL },
    { "scrypt $7$", "$7$CU..../....abcdefghijkl$kK2iQZfRNzhxHsG9QHx/N3Dd2sL42.GrpML3mWrzdRA", H401_HASH_OK, NULL },
    { "Sun MD5 $md5$", "$md5$abcdefgh$$iExobWJIazoiKIDQnza6r/", H401_HASH_OK, NULL },
    { "Sun MD5 with rounds", "$md5,rounds=5000$abcdefgh$$x", H401_HASH_OK, NULL },
    { "NetBSD $sha1$", "$sha1$40000$abcdefgh$u9Y4cqwxRyYa7EJDhu3zXThhO6G1", H401_HASH_OK, NULL },
    { "DES crypt (htpasswd -d)", "abzlUXK5ed5rs", H401_HASH_OK, NULL },
    { "BSDi DES", "_J9..abcdTZ/33djMPto", H401_HASH_OK, NULL },
    { "plain text", "secret", H401_HASH_PLAIN_TEXT, NULL },
    { "plain text with spaces", "correct horse", H401_HASH_PLAIN_TEXT, NULL },
    { "plain text starting with $", "$ecret", H401_HASH_PLAIN_TEXT, NULL },
    { "plain text starting with {", "{braces", H401_HASH_PLAIN_TEXT, NULL },
    { "empty", "", H401_HASH_EMPTY, NULL },
    { "locked with !", "!$apr1$EyM/l6/c$oqvL4sHtHqZpmdIZVbEBR1", H401_HASH_LOCKED, NULL },
    { "locked with *", "*", H401_HASH_LOCKED, NULL },
    { "LDAP {SSHA}", "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", H401_HASH_LDAP_SCHEME, "{SSHA}" },
    { "LDAP {SHA256}", "{SHA256}abc=", H401_HASH_LDAP_SCHEME, "{SHA256}" },
    { "LDAP {CRYPT}", "{CRYPT}$6$x$y", H401_HASH_LDAP_SCHEME, "{CRYPT}" },
    { "argon2id", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", H401_HASH_UNKNOWN_CRYPT, "$argon2id$" },
    { "argon2i", "$argon2i$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA", H401_HASH_UNKNOWN_CRYPT, "$argon2i$" },
    { "passlib pbkdf2", "$pbkdf2-sha256$29000$abc$def", H401_HASH_UNKNOWN_CRYPT, "$pbkdf2-sha256$" },
    { "original bcrypt $2$ (libxcrypt: *0)", "$2$05$abcdefghijklmnopqrstuu", H401_HASH_UNKNOWN_CRYPT, "$2$" },
};

typedef struct {
    const char *name;
    const char *text;
    const char *user;
    int line;                  /* 0: no record */
    const char *hash;
    h401_hash_problem problem;
} find_case;

static const find_case find_cases[] = {
    { "the user's line among others",
      "alice:$apr1$EyM/l6/c$oqvL4sHtHqZpmdIZVbEBR1\n"
      "# bob's password, to be hashed\n"
      "bob:secret\n",
      "bob", 3, "secret", H401_HASH_PLAIN_TEXT },
    { "a hashed user in the same file",
      "alice:$apr1$EyM/l6/c$oqvL4sHtHqZpmdIZVbEBR1\nbob:secret\n",
      "alice", 1, "$apr1$EyM/l6/c$oqvL4sHtHqZpmdIZVbEBR1", H401_HASH_OK },
    { "an unknown user: no record",
      "alice:secret\n", "mallory", 0, NULL, H401_HASH_OK },
    { "a user name is compared exactly, not as a prefix",
      "bobby:secret\nbob:{SSHA}abc\n", "bob", 2, "{SSHA}abc", H401_HASH_LDAP_SCHEME },
    { "nor case-insensitively",
      "Bob:secret\n", "bob", 0, NULL, H401_HASH_OK },
    { "the first line for a user wins",
      "bob:$apr1$EyM/l6/c$oqvL4sHtHqZpmdIZVbEBR1\nbob:secret\n", "bob", 1,
      "$apr1$EyM/l6/c$oqvL4sHtHqZpmdIZVbEBR1", H401_HASH_OK },
    { "a commented-out line is skipped",
      "#bob:secret\nbob:{SSHA}abc\n", "bob", 2, "{SSHA}abc", H401_HASH_LDAP_SCHEME },
    { "blank lines count, white space is trimmed",
      "\n   \n  bob:secret  \r\n", "bob", 3, "secret", H401_HASH_PLAIN_TEXT },
    { "CRLF line ends",
      "alice:x\r\nbob:secret\r\n", "bob", 2, "secret", H401_HASH_PLAIN_TEXT },
    { "the value ends at the next ':' (htdigest-like extra fields)",
      "bob:secret:Staff area\n", "bob", 1, "secret", H401_HASH_PLAIN_TEXT },
    { "no newline at the end",
      "alice:x\nbob:$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "bob", 2,
      "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", H401_HASH_UNKNOWN_CRYPT },
    { "a name with nothing after it",
      "bob:\n", "bob", 1, "", H401_HASH_EMPTY },
    { "a name without ':'",
      "bob\n", "bob", 1, "", H401_HASH_EMPTY },
    { "an empty file",
      "", "bob", 0, NULL, H401_HASH_OK },
};

int main(void)
{
    apr_pool_t *p;
    size_t i;

    apr_initialize();
    apr_pool_create(&p, NULL);

    for (i = 0; i < sizeof(hash_cases) / sizeof(hash_cases[0]); i++) {
        const hash_case *c = &hash_cases[i];
        const char *scheme = "unset";

        is_str(h401_hash_problem_name(h401_hash_check(p, c->hash, &scheme)),
               h401_hash_problem_name(c->problem), "hash: %s", c->name);
        is_str(scheme, c->scheme, "hash: %s: the scheme named", c->name);
    }
    ok(h401_hash_check(p, "secret", NULL) == H401_HASH_PLAIN_TEXT,
       "hash: the scheme may be left out");

    for (i = 0; i < sizeof(find_cases) / sizeof(find_cases[0]); i++) {
        const find_case *c = &find_cases[i];
        h401_htpasswd_record rec;
        int found = h401_htpasswd_find(p, c->text, strlen(c->text), c->user, &rec);

        is_int(found, c->line != 0, "find: %s: found", c->name);
        is_int(rec.line, c->line, "find: %s: the line", c->name);
        is_str(rec.hash, c->hash, "find: %s: the value", c->name);
        is_str(h401_hash_problem_name(rec.problem), h401_hash_problem_name(c->problem),
               "find: %s: %s", c->name, h401_hash_problem_name(c->problem));
    }

    /* the words the admin reads */
    {
        h401_htpasswd_record rec;

        h401_htpasswd_find(p, "bob:secret\n", 11, "bob", &rec);
        is_str(h401_hash_problem_why(p, &rec),
               "is stored as plain text, which apr checks only on Windows",
               "why: plain text");
        h401_htpasswd_find(p, "bob:{SSHA}abc\n", 14, "bob", &rec);
        has_str(h401_hash_problem_why(p, &rec), "is stored as {SSHA}, which apr does not know",
                "why: {SSHA} named");
        h401_htpasswd_find(p, "bob:$argon2id$v=19$x\n", 21, "bob", &rec);
        has_str(h401_hash_problem_why(p, &rec), "$argon2id$, which neither apr nor",
                "why: $argon2id$ named");
    }
    /* a NUL in the text ends no line early and matches no name */
    {
        static const char text[] = "bo\0b:x\nbob:secret\n";
        h401_htpasswd_record rec;

        is_int(h401_htpasswd_find(p, text, sizeof(text) - 1, "bob", &rec), 1,
               "NUL: the next line is still read");
        is_int(rec.line, 2, "NUL: the line after it");
    }

    apr_pool_destroy(p);
    apr_terminate();
    return done_testing();
}
