/* Licensed under the Apache License, Version 2.0; see LICENSE. */
/**
 * @file h401_address.h
 * @brief The address the visitor used, as the page shows it and as its
 * reload button leads back to it, behind a reverse proxy too.
 *
 * Behind a proxy httpd sees the proxy's request: its Host is often the
 * backend's own 127.0.0.1:port, an address the visitor never used and
 * cannot reach. The proxy tells the visitor's host in Forwarded (RFC
 * 7239) or X-Forwarded-Host, and sometimes the scheme.
 */
#ifndef H401_ADDRESS_H
#define H401_ADDRESS_H

#include <apr_pools.h>

/**
 * The host and scheme a reverse proxy says the visitor used: those of
 * the first element of Forwarded (host= and proto=), else the first
 * values of X-Forwarded-Host and X-Forwarded-Proto. Any argument may be
 * NULL. Returns 1 and sets *host, and *scheme ("http" or "https", NULL
 * when no proxy names one), when a host is given in a form that can be
 * an address's (no space, no '/', '?', '#', '@' or '\'); else 0.
 */
int h401_forwarded_origin(apr_pool_t *p, const char *forwarded,
                          const char *x_forwarded_host,
                          const char *x_forwarded_proto,
                          const char **host, const char **scheme);

/** Whether a client address (httpd's useragent_ip) is this host's own:
 *  127.x.x.x, ::1, or 127.x.x.x mapped into IPv6. */
int h401_ip_is_loopback(const char *ip);

/** Whether a Host value names this host's loopback interface
 *  (localhost, 127.x.x.x, [::1]), with or without a port. */
int h401_host_is_loopback(const char *host);

/**
 * A reference to the address whose path and query are target ("/a/b?x"),
 * relative to that address itself: "./b?x". A browser resolves it to
 * the address it is on, whatever the scheme, host and path prefix a
 * proxy in front gives it.
 */
const char *h401_reload_reference(apr_pool_t *p, const char *target);

#endif /* H401_ADDRESS_H */
