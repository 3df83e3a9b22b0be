/*
 * sha256.c - SHA-256 over libcrypto (EVP), the only file that includes OpenSSL.
 *
 * The digest method is fetched once; each context is reused across messages, which
 * matters when hashing one short record after another.
 */
#include "sha256.h"
#include "error.h"
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK (1 << 20) /* bytes read at a time by sha256_fd() */

/* A digest of bytes in memory fails when libcrypto cannot allocate (its error queue
 * says so, or, out of memory itself, says nothing): the run ends as any other that runs
 * out of memory (exit 4, the store's writes undone). Else OpenSSL's configuration left
 * no SHA-256 (OPENSSL_CONF naming no provider that has one): nothing can be hashed. */
static __attribute__((noreturn)) void fail(const char *what)
{
	unsigned long err = ERR_peek_last_error();

	if (!err || ERR_GET_REASON(err) == ERR_GET_REASON(ERR_R_MALLOC_FAILURE))
		error_out_of_memory_in(what);
	fprintf(stderr, "taits-audit: %s failed: %s (OpenSSL's configuration: OPENSSL_CONF)\n",
		what, ERR_reason_error_string(err) ? ERR_reason_error_string(err) : "error");
	abort();
}

/* Fetched once, explicitly: the implicit fetch of EVP_sha256() takes a lock on every
 * use, which shows when hashing one short record after another. */
static const EVP_MD *md(void)
{
	static EVP_MD *m;

	if (!m && !(m = EVP_MD_fetch(NULL, "SHA256", NULL)))
		fail("libcrypto: EVP_MD_fetch");
	return m;
}

void sha256_init(struct sha256 *s)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (!c)
		fail("libcrypto: EVP_MD_CTX_new");
	if (EVP_DigestInit_ex(c, md(), NULL) != 1)
		fail("libcrypto: EVP_DigestInit_ex");
	s->ctx = c;
}

void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	if (n && EVP_DigestUpdate(s->ctx, data, n) != 1)
		fail("libcrypto: EVP_DigestUpdate");
}

void sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(s->ctx, out, &len) != 1 || len != SHA256_LEN)
		fail("libcrypto: EVP_DigestFinal_ex");
	if (EVP_DigestInit_ex(s->ctx, md(), NULL) != 1)
		fail("libcrypto: EVP_DigestInit_ex");
}

void sha256_release(struct sha256 *s)
{
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

static _Thread_local EVP_MD_CTX *ctx; /* sha256_once()'s, reused */

void sha256_thread_release(void)
{
	EVP_MD_CTX_free(ctx);
	ctx = NULL;
}

void sha256_once(const void *data, size_t n, unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;

	if (!ctx && !(ctx = EVP_MD_CTX_new()))
		fail("libcrypto: EVP_MD_CTX_new");
	if (EVP_DigestInit_ex2(ctx, md(), NULL) != 1 || EVP_DigestUpdate(ctx, data, n) != 1 ||
	    EVP_DigestFinal_ex(ctx, out, &len) != 1 || len != SHA256_LEN)
		fail("libcrypto: EVP_Digest");
}

void sha256_hex(const unsigned char digest[SHA256_LEN], char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_LEN; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}

int sha256_fd(int fd, int64_t offset, int64_t length, unsigned char out[SHA256_LEN])
{
	size_t size = length < BLOCK ? (size_t)(length > 0 ? length : 1) : BLOCK;
	char *block = xmalloc(size);
	struct sha256 s;
	int64_t done = 0;
	int rc = 0, err = 0;

	sha256_init(&s);
	while (done < length) {
		size_t want = length - done < (int64_t)size ? (size_t)(length - done) : size;
		if (io_pread_all(fd, block, want, offset + done)) {
			rc = -1;
			err = errno;
			break;
		}
		sha256_update(&s, block, want);
		done += (int64_t)want;
	}
	if (!rc)
		sha256_final(&s, out);
	sha256_release(&s);
	free(block);
	errno = err;
	return rc;
}

int sha256_file(const char *path, unsigned char out[SHA256_LEN])
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1, err;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) == 0)
		rc = sha256_fd(fd, 0, sb.st_size, out);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}
