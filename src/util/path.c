/*
 * path.c - the directory a path names a file in, as written and as resolved; the names
 * temporary files are made under.
 */
#include "path.h"

#include <ctype.h>
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

int path_is_temp_name(const char *name, const char *prefix)
{
	size_t m = strlen(prefix);

	if (strlen(name) != m + 6 || strncmp(name, prefix, m))
		return 0;
	for (size_t i = m; i < m + 6; i++)
		if (!isalnum((unsigned char)name[i]))
			return 0;
	return 1;
}
