/*
 * sha256.h - SHA-256 through libcrypto's EVP interface.
 *
 * A struct sha256 is an incremental context; sha256_once() hashes one buffer.
 * Digests are 32 bytes; sha256_hex() writes 64 lowercase hex digits and a NUL.
 */
#ifndef TAITS_SHA256_H
#define TAITS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN 64

struct sha256 {
	void *ctx; /* EVP_MD_CTX */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Writes the digest and resets the context for another message. */
void sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN]);
void sha256_release(struct sha256 *s);

void sha256_once(const void *data, size_t n, unsigned char out[SHA256_LEN]);
/* Frees what sha256_once() keeps for the calling thread. */
void sha256_thread_release(void);
void sha256_hex(const unsigned char digest[SHA256_LEN], char out[SHA256_HEX_LEN + 1]);
/* The digest of bytes [offset, offset + length) of fd, read with pread. Returns 0, or -1
 * with errno set as by io_pread_all() (io_read_error() says why). */
int sha256_fd(int fd, int64_t offset, int64_t length, unsigned char out[SHA256_LEN]);
/* The digest of a whole file, by path; the same returns. */
int sha256_file(const char *path, unsigned char out[SHA256_LEN]);

#endif
