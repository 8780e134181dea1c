/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/* Unit tests of lib/h401_template: compiling and rendering. */
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "h401_template.h"
#include "h401_prepared.h"
#include "tap.h"

static apr_pool_t *pool;

/* Compiles text (failing the test on error) and returns the template. */
static const h401_tpl *compile(const char *origin, const char *text,
                               const h401_tpl_options *opt)
{
    const h401_tpl *tpl = NULL;
    const char *err = h401_tpl_compile(pool, origin, text, opt, &tpl);

    if (err) {
        diag("unexpected compile error: %s", err);
    }
    return tpl;
}

static const char *render(const h401_tpl *tpl, const h401_vars *vars)
{
    h401_buf b;

    if (!tpl) {
        return "(not compiled)";
    }
    h401_buf_init(&b, pool, 8);
    h401_tpl_render(tpl, vars, &b);
    return b.data;
}

static h401_tpl_options options(h401_esc_mode mode)
{
    h401_tpl_options opt;

    memset(&opt, 0, sizeof(opt));
    opt.mode = mode;
    return opt;
}

/* ---- plain rendering, table-driven over one set of values ---- */

typedef struct {
    const char *name;
    h401_esc_mode mode;
    int escape_literal;
    const char *text;
    const char *want;
} render_case;

static const render_case render_cases[] = {
    { "text without tags", H401_ESC_HTML, 0, "just <b>text</b>", "just <b>text</b>" },
    { "empty template", H401_ESC_HTML, 0, "", "" },
    { "variable escaped in HTML mode", H401_ESC_HTML, 0, "Hello {{user}}!",
      "Hello &lt;b&gt;bob&lt;/b&gt; &amp; &quot;al&quot; &#39;x&#39;!" },
    { "spaces inside the tag", H401_ESC_HTML, 0, "[{{ realm }}]", "[Staff area]" },
    { "variable escaped in JSON mode", H401_ESC_JSON, 0, "{\"u\":\"{{user}}\"}",
      "{\"u\":\"\\u003cb>bob\\u003c/b> & \\\"al\\\" 'x'\"}" },
    { "variable in text mode drops control characters", H401_ESC_TEXT, 0,
      "[{{ctrl}}]", "[ab\ncd]" },
    { "unset variable renders nothing", H401_ESC_HTML, 0, "[{{nothing}}]", "[]" },
    { "variable set to NULL renders nothing", H401_ESC_HTML, 0, "[{{null}}]", "[]" },
    { "template-looking value printed literally", H401_ESC_HTML, 0,
      "<p>{{trick}}</p>", "<p>{{realm}} {{#items}}x{{/items}}</p>" },
    { "comment dropped", H401_ESC_HTML, 0, "a{{! a comment {with braces} }}b", "ab" },
    { "multi-line comment dropped", H401_ESC_HTML, 0, "a{{!\nline\n}}b", "ab" },
    { "truthy value shows section", H401_ESC_HTML, 0, "{{#realm}}in {{realm}}{{/realm}}",
      "in Staff area" },
    { "empty value hides section", H401_ESC_HTML, 0, "[{{#empty}}hidden{{/empty}}]", "[]" },
    { "NULL value hides section", H401_ESC_HTML, 0, "[{{#null}}hidden{{/null}}]", "[]" },
    { "unset value hides section", H401_ESC_HTML, 0, "[{{#nothing}}hidden{{/nothing}}]",
      "[]" },
    { "\"0\" is a non-empty value and shows", H401_ESC_HTML, 0, "[{{#zero}}shown{{/zero}}]",
      "[shown]" },
    { "inverted section hidden for a truthy value", H401_ESC_HTML, 0,
      "[{{^realm}}none{{/realm}}]", "[]" },
    { "inverted section shown for an empty value", H401_ESC_HTML, 0,
      "[{{^empty}}none{{/empty}}]", "[none]" },
    { "inverted section shown for an unset value", H401_ESC_HTML, 0,
      "[{{^nothing}}none{{/nothing}}]", "[none]" },
    { "section over a list", H401_ESC_HTML, 0,
      "<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
      "<ul><li>one</li><li>&lt;two&gt;</li><li>three</li></ul>" },
    { "list items see the outer values", H401_ESC_HTML, 0,
      "{{#items}}{{name}}@{{realm}};{{/items}}",
      "one@Staff area;&lt;two&gt;@Staff area;three@inner;" },
    { "nested section inside a list", H401_ESC_HTML, 0,
      "{{#items}}{{name}}{{#flag}}!{{/flag}} {{/items}}", "one &lt;two&gt;! three " },
    { "inverted section over an empty list", H401_ESC_HTML, 0,
      "{{#nolist}}x{{/nolist}}{{^nolist}}no items{{/nolist}}", "no items" },
    { "inverted section over a full list", H401_ESC_HTML, 0,
      "[{{^items}}no items{{/items}}]", "[]" },
    { "literal text escaped when asked", H401_ESC_HTML, 1, "1 < 2 & {{realm}}",
      "1 &lt; 2 &amp; Staff area" },
    { "literal text in JSON when asked", H401_ESC_JSON, 1, "say \"{{realm}}\"\n",
      "say \\\"Staff area\\\"\\n" },
    { "message value rendered in the same vars", H401_ESC_HTML, 0, "<p>{{greeting}}</p>",
      "<p>Welcome to “Staff area”, &lt;b&gt;bob&lt;/b&gt; &amp; &quot;al&quot; &#39;x&#39; "
      "&lt;3</p>" },
    { "message value counts as set in a section", H401_ESC_HTML, 0,
      "{{#greeting}}yes{{/greeting}}{{^greeting}}no{{/greeting}}", "yes" },
    { "message value in JSON mode", H401_ESC_JSON, 0, "\"{{greeting}}\"",
      "\"Welcome to “Staff area”, \\u003cb>bob\\u003c/b> & \\\"al\\\" 'x' \\u003c3\"" },
};

static h401_vars *make_vars(void)
{
    h401_vars *v = h401_vars_make(pool, NULL);
    h401_vars *item;
    const h401_tpl *msg;
    h401_tpl_options opt = options(H401_ESC_TEXT);

    h401_vars_set(v, "user", "<b>bob</b> & \"al\" 'x'");
    h401_vars_set(v, "realm", "Staff area");
    h401_vars_set(v, "ctrl", "a\x1b\rb\ncd\x07");
    h401_vars_set(v, "null", NULL);
    h401_vars_set(v, "empty", "");
    h401_vars_set(v, "zero", "0");
    h401_vars_set(v, "trick", "{{realm}} {{#items}}x{{/items}}");
    item = h401_vars_add_item(v, "items");
    h401_vars_set(item, "name", "one");
    item = h401_vars_add_item(v, "items");
    h401_vars_set(item, "name", "<two>");
    h401_vars_set(item, "flag", "1");
    item = h401_vars_add_item(v, "items");
    h401_vars_set(item, "name", "three");
    h401_vars_set(item, "realm", "inner");

    /* a message: plain text with variables, as messages.txt writes them */
    opt.escape_literal = 1;
    msg = compile("msg", "Welcome to “{{realm}}”, {{user}} <3", &opt);
    h401_vars_set_tpl(v, "greeting", msg);
    return v;
}

static void test_render(void)
{
    h401_vars *vars = make_vars();
    size_t i;

    for (i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++) {
        const render_case *c = &render_cases[i];
        h401_tpl_options opt = options(c->mode);

        opt.escape_literal = c->escape_literal;
        is_str(render(compile("case", c->text, &opt), vars), c->want, "%s", c->name);
    }
}

/* ---- values ---- */

static void test_vars(void)
{
    h401_vars *parent = h401_vars_make(pool, NULL);
    h401_vars *child = h401_vars_make(pool, parent);
    h401_tpl_options opt = options(H401_ESC_HTML);
    const h401_tpl *tpl;

    h401_vars_set(parent, "a", "from parent");
    h401_vars_set(parent, "b", "parent b");
    h401_vars_set(child, "b", "child b");
    is_str(h401_vars_get(child, "a"), "from parent", "vars_get falls back to the parent");
    is_str(h401_vars_get(child, "b"), "child b", "a child's own value hides the parent's");
    is_str(h401_vars_get(parent, "b"), "parent b", "the parent keeps its own value");
    ok(h401_vars_get(child, "zzz") == NULL, "vars_get of an unknown name is NULL");

    h401_vars_set(child, "b", "again");
    is_str(h401_vars_get(child, "b"), "again", "setting twice keeps the last value");

    tpl = compile("t", "x", &opt);
    h401_vars_set_tpl(child, "b", tpl);
    ok(h401_vars_get(child, "b") == NULL, "a template value has no text value");
    is_str(render(compile("t", "[{{b}}]", &opt), child), "[x]",
           "a template value replaces a text value");
    h401_vars_set(child, "b", "text");
    is_str(render(compile("t", "[{{b}}]", &opt), child), "[text]",
           "a text value replaces a template value");

    /* a message naming itself stops instead of recursing forever */
    {
        h401_tpl_options mopt = options(H401_ESC_TEXT);
        const h401_tpl *self;
        h401_buf b;

        mopt.escape_literal = 1;
        self = compile("self", "x {{self}}", &mopt);
        h401_vars_set_tpl(child, "self", self);
        h401_buf_init(&b, pool, 8);
        ok(!h401_tpl_render(compile("t", "{{self}}", &opt), child, &b) && b.len == 0,
           "a message that names itself is refused, and renders nothing");
    }
}

/* ---- partials ---- */

typedef struct {
    const char *name;
    const h401_tpl *tpl;
} partial_entry;

static const h401_tpl *find_partial(void *baton, const char *name)
{
    const partial_entry *p;

    for (p = baton; p->name; p++) {
        if (strcmp(p->name, name) == 0) {
            return p->tpl;
        }
    }
    return NULL;
}

static void test_partials(void)
{
    h401_tpl_options opt = options(H401_ESC_HTML);
    partial_entry parts[3];
    h401_vars *vars = h401_vars_make(pool, NULL);
    h401_vars *item;
    const h401_tpl *tpl;

    parts[0].name = "footer";
    parts[0].tpl = compile("footer.html", "<footer>{{user}}</footer>", &opt);
    parts[1].name = "item";
    parts[1].tpl = compile("item.html", "<li>{{name}}</li>", &opt);
    parts[2].name = NULL;
    parts[2].tpl = NULL;
    opt.partial = find_partial;
    opt.baton = parts;

    h401_vars_set(vars, "user", "<b>");
    item = h401_vars_add_item(vars, "items");
    h401_vars_set(item, "name", "a&b");
    item = h401_vars_add_item(vars, "items");
    h401_vars_set(item, "name", "c");

    tpl = compile("page.html", "<main>x</main>{{> footer}}", &opt);
    is_str(render(tpl, vars), "<main>x</main><footer>&lt;b&gt;</footer>",
           "partial inlined, its variables escaped");
    tpl = compile("page.html", "<ul>{{#items}}{{>item}}{{/items}}</ul>", &opt);
    is_str(render(tpl, vars), "<ul><li>a&amp;b</li><li>c</li></ul>",
           "partial inside a list section sees each item");
}

/* ---- compile errors ---- */

typedef struct {
    const char *name;
    const char *origin;
    const char *text;
    int use_known;
    int use_partials;
    const char *want;
} error_case;

static const char *const known_names[] = { "user", "realm", "items", "name", NULL };

static const error_case error_cases[] = {
    { "unclosed section", "page.html",
      "<html>\n<ol>\n{{#remedies}}<li>{{text}}</li>\n</ol>\n", 0, 0,
      "page.html:3: section 'remedies' is never closed" },
    { "unclosed inner section", "page.html",
      "{{#a}}\n{{#b}}\n{{/a}}\n", 0, 0,
      "page.html:3: '{{/a}}' closes no open section" },
    { "stray close", "page.html", "<p>\n\n</p>{{/remedies}}\n", 0, 0,
      "page.html:3: '{{/remedies}}' closes no open section" },
    { "close of another section", "t.html", "{{#a}}\nx\n{{/b}}", 0, 0,
      "t.html:3: '{{/b}}' closes no open section" },
    { "unknown variable", "page.html", "<p>{{user}}</p>\n<p>{{usr}}</p>\n", 1, 0,
      "page.html:2: unknown variable 'usr'" },
    { "unknown section name", "page.html", "\n\n\n{{#item}}x{{/item}}", 1, 0,
      "page.html:4: unknown variable 'item'" },
    { "unknown inverted section name", "page.html", "{{^nope}}x{{/nope}}", 1, 0,
      "page.html:1: unknown variable 'nope'" },
    { "unknown variable inside a known section", "page.html",
      "{{#items}}\n{{name}}\n{{title}}\n{{/items}}", 1, 0,
      "page.html:3: unknown variable 'title'" },
    { "unknown partial", "page.html", "a\nb\n{{> nosuch}}\n", 0, 1,
      "page.html:3: unknown partial 'nosuch'" },
    { "partial without a resolver", "page.html", "{{> footer}}", 0, 0,
      "page.html:1: unknown partial 'footer'" },
    { "'{{' without '}}'", "page.html", "<p>\n<b>{{user</b>\n", 0, 0,
      "page.html:2: '{{' without a closing '}}'" },
    { "'{{' at the very end", "x.txt", "abc {{", 0, 0,
      "x.txt:1: '{{' without a closing '}}'" },
    { "empty tag", "page.html", "a {{}} b", 0, 0, "page.html:1: bad tag name ''" },
    { "unescaped form {{{x}}} is refused", "page.html", "{{{user}}}", 0, 0,
      "page.html:1: bad tag name '{user'" },
    { "unescaped form {{&x}} is refused", "page.html", "\n{{&user}}", 0, 0,
      "page.html:2: bad tag name '&user'" },
    { "line counted past a multi-line comment", "page.html",
      "{{! one\ntwo\nthree }}\n{{/x}}", 0, 0,
      "page.html:4: '{{/x}}' closes no open section" },
    { "line counted inside sections", "page.html",
      "a\n{{#items}}\nb\n{{#user}}\nc\n{{bad!}}{{/user}}{{/items}}", 0, 0,
      "page.html:6: bad tag name 'bad!'" },
};

static void test_errors(void)
{
    partial_entry parts[2];
    size_t i;

    parts[0].name = "footer";
    parts[0].tpl = NULL;
    {
        h401_tpl_options o = options(H401_ESC_HTML);
        parts[0].tpl = compile("footer", "f", &o);
    }
    parts[1].name = NULL;
    parts[1].tpl = NULL;

    for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
        const error_case *c = &error_cases[i];
        h401_tpl_options opt = options(H401_ESC_HTML);
        const h401_tpl *tpl = (const h401_tpl *)&opt;   /* must become NULL */
        const char *err;

        if (c->use_known) {
            opt.known = known_names;
        }
        if (c->use_partials) {
            opt.partial = find_partial;
            opt.baton = parts;
        }
        err = h401_tpl_compile(pool, c->origin, c->text, &opt, &tpl);
        is_str(err, c->want, "compile error: %s", c->name);
        ok(tpl == NULL, "compile error: %s: no template", c->name);
    }

    /* the same texts are fine without the restriction that failed */
    {
        h401_tpl_options opt = options(H401_ESC_HTML);
        const h401_tpl *tpl = NULL;

        ok(h401_tpl_compile(pool, "page.html", "<p>{{usr}}</p>", &opt, &tpl) == NULL
           && tpl != NULL, "any variable allowed when no known list is given");
        opt.known = known_names;
        ok(h401_tpl_compile(pool, "page.html",
                            "{{#items}}{{name}}{{/items}}{{^realm}}{{user}}{{/realm}}"
                            "{{! comments need no name check }}",
                            &opt, &tpl) == NULL && tpl != NULL,
           "known names accepted in variables and sections");
        opt.partial = find_partial;
        opt.baton = parts;
        ok(h401_tpl_compile(pool, "page.html", "{{> footer}}", &opt, &tpl) == NULL
           && tpl != NULL, "partial names are not checked against the known list");
    }
}

/* ---- links in messages ---- */

typedef struct {
    const char *name;
    const char *text;            /* a message, as messages.txt writes it */
    const char *html, *txt, *json;   /* the page's bytes in each syntax;
                                        html NULL: a compile error */
    const char *error;           /* with html NULL: the message */
} link_case;

static const link_case link_cases[] = {
    { "https link", "Reset it [on the reset page](https://id.example.test/reset?a=1&b=2).",
      "<p>Reset it <a href=\"https://id.example.test/reset?a=1&amp;b=2\">on the reset page</a>.</p>",
      "Reset it on the reset page (https://id.example.test/reset?a=1&b=2).",
      "\"Reset it on the reset page (https://id.example.test/reset?a=1&b=2).\"", NULL },
    { "mailto and tel", "[Mail](mailto:help@example.test) or [call](tel:+4930123456)",
      "<p><a href=\"mailto:help@example.test\">Mail</a> or <a href=\"tel:+4930123456\">call</a></p>",
      "Mail (mailto:help@example.test) or call (tel:+4930123456)",
      "\"Mail (mailto:help@example.test) or call (tel:+4930123456)\"", NULL },
    { "the address as its own words: shown once", "See [http://x.test/](http://x.test/)",
      "<p>See <a href=\"http://x.test/\">http://x.test/</a></p>", "See http://x.test/",
      "\"See http://x.test/\"", NULL },
    { "words and address escaped", "[<b>\"hi\"</b>](https://x.test/\"><script>)",
      "<p><a href=\"https://x.test/&quot;&gt;&lt;script&gt;\">&lt;b&gt;&quot;hi&quot;&lt;/b&gt;</a></p>",
      "<b>\"hi\"</b> (https://x.test/\"><script>)",
      "\"\\u003cb>\\\"hi\\\"\\u003c/b> (https://x.test/\\\">\\u003cscript>)\"", NULL },
    { "scheme in capitals", "[x](HTTPS://x.test)", "<p><a href=\"HTTPS://x.test\">x</a></p>",
      "x (HTTPS://x.test)", "\"x (HTTPS://x.test)\"", NULL },
    { "brackets that are no link stay text", "[draft] (see below) [a] b](c d) []() x",
      "<p>[draft] (see below) [a] b](c d) []() x</p>", "[draft] (see below) [a] b](c d) []() x",
      "\"[draft] (see below) [a] b](c d) []() x\"", NULL },
    { "a variable beside a link", "{{realm}}: [help](https://x.test/h)",
      "<p>Staff area: <a href=\"https://x.test/h\">help</a></p>", "Staff area: help (https://x.test/h)",
      "\"Staff area: help (https://x.test/h)\"", NULL },
    { "javascript: refused", "x\n[click](javascript:alert(1))", NULL, NULL, NULL,
      "messages.txt:7: the link to 'javascript:alert(1' is refused: only http://, https://, "
      "mailto: and tel: addresses may be linked" },
    { "data: refused", "[x](data:text/html,hi)", NULL, NULL, NULL,
      "messages.txt:6: the link to 'data:text/html,hi' is refused: only http://, https://, "
      "mailto: and tel: addresses may be linked" },
    { "a relative address refused", "[x](/reset)", NULL, NULL, NULL,
      "messages.txt:6: the link to '/reset' is refused: only http://, https://, "
      "mailto: and tel: addresses may be linked" },
    { "a scheme with nothing after it refused", "[x](https://)", NULL, NULL, NULL,
      "messages.txt:6: the link to 'https://' is refused: only http://, https://, "
      "mailto: and tel: addresses may be linked" },
};

static const char *render_link(const h401_tpl *msg, const h401_vars *parent,
                               h401_esc_mode mode, const char *page)
{
    h401_vars *v = h401_vars_make(pool, parent);
    h401_tpl_options opt = options(mode);

    h401_vars_set_tpl(v, "m", msg);
    return render(compile("page", page, &opt), v);
}

static void test_links(void)
{
    h401_vars *vars = make_vars();
    size_t i;

    for (i = 0; i < sizeof(link_cases) / sizeof(link_cases[0]); i++) {
        const link_case *c = &link_cases[i];
        h401_tpl_options opt = options(H401_ESC_TEXT);
        const h401_tpl *msg = NULL;
        const char *err;

        opt.escape_literal = 1;
        opt.links = H401_LINKS_ALLOW;
        opt.first_line = 6;
        err = h401_tpl_compile(pool, "messages.txt", c->text, &opt, &msg);
        if (!c->html) {
            is_str(err, c->error, "%s: the reason, with file and line", c->name);
            continue;
        }
        is_str(err, NULL, "%s: compiles", c->name);
        is_str(render_link(msg, vars, H401_ESC_HTML, "<p>{{m}}</p>"), c->html, "%s: HTML", c->name);
        is_str(render_link(msg, vars, H401_ESC_TEXT, "{{m}}"), c->txt, "%s: text", c->name);
        is_str(render_link(msg, vars, H401_ESC_JSON, "\"{{m}}\""), c->json, "%s: JSON", c->name);
    }
    {
        h401_tpl_options opt = options(H401_ESC_TEXT);
        const h401_tpl *msg = NULL;

        opt.escape_literal = 1;
        is_str(h401_tpl_compile(pool, "page.html", "[x](javascript:y)", &opt, &msg), NULL,
               "links off (templates): brackets are text, not checked");
        is_str(render_link(msg, vars, H401_ESC_HTML, "{{m}}"), "[x](javascript:y)",
               "links off: the text as it is, escaped");
        opt.links = H401_LINKS_REFUSE;
        is_str(h401_tpl_compile(pool, "messages.txt", "Hi [x](https://x.test)", &opt, &msg),
               "messages.txt:1: a title cannot hold a link ('https://x.test'): browsers show "
               "it as text in the tab; put the link in the explanation or a remedy",
               "a title with a link: refused");
    }
}

int main(int argc, const char *const *argv)
{
    apr_app_initialize(&argc, &argv, NULL);
    apr_pool_create(&pool, NULL);

    test_render();
    test_vars();
    test_partials();
    test_errors();
    test_links();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
