#ifndef MAILPROBE_COPENSSL_SHIM_H
#define MAILPROBE_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>

// OpenSSL exposes these as macros, which Swift cannot call. Each shim is the
// macro and nothing more.

static inline long mailprobe_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline long mailprobe_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long mailprobe_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline long mailprobe_SSL_CTX_set_options(SSL_CTX *ctx, long options) {
    return (long)SSL_CTX_set_options(ctx, (uint64_t)options);
}

static inline int mailprobe_sk_GENERAL_NAME_num(const STACK_OF(GENERAL_NAME) *names) {
    return sk_GENERAL_NAME_num(names);
}

static inline const GENERAL_NAME *mailprobe_sk_GENERAL_NAME_value(const STACK_OF(GENERAL_NAME) *names, int i) {
    return sk_GENERAL_NAME_value(names, i);
}

static inline void mailprobe_GENERAL_NAMES_free(STACK_OF(GENERAL_NAME) *names) {
    GENERAL_NAMES_free(names);
}

// Linux event-loop primitives for MailTransport. `struct epoll_event` is packed
// on x86_64, so Swift never touches it: these shims take and return plain
// integers (the token is the registration id kept in `data.u64`).
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// glibc declares accept4 only under _GNU_SOURCE.
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

static inline int mailprobe_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

static inline int mailprobe_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

static inline int mailprobe_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epfd, op, fd, &event);
}

/// Waits like epoll_wait and unpacks at most 64 events into `tokens`/`events`.
static inline int mailprobe_epoll_wait(int epfd, uint64_t *tokens, uint32_t *events, int max, int timeout) {
    struct epoll_event ready[64];
    if (max > 64) max = 64;
    int count = epoll_wait(epfd, ready, max, timeout);
    for (int i = 0; i < count; i++) {
        tokens[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return count;
}

static inline int mailprobe_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

static inline unsigned long mailprobe_XN_FLAG_RFC2253(void) {
    return XN_FLAG_RFC2253;
}

static inline long mailprobe_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline long mailprobe_SSL_OP_IGNORE_UNEXPECTED_EOF(void) {
    return (long)SSL_OP_IGNORE_UNEXPECTED_EOF;
}

#endif
