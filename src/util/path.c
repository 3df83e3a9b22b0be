/*
 * path.c - the directory a path names a file in, as written and as resolved.
 */
#include "path.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

char *path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *path_real_dir(const char *path)
{
	char *dir = path_dir(path), *real = realpath(dir, NULL);

	free(dir);
	return real;
}

char *path_resolved(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *real = path_real_dir(path);
	struct buf b = BUF_INIT;

	if (!real)
		return NULL;
	buf_addf(&b, "%s%s%s", real, strcmp(real, "/") ? "/" : "", slash ? slash + 1 : path);
	free(real);
	return buf_detach(&b);
}
