/*
 * run.c - shared steps of the reporting commands.
 */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/pdf.h"
#include "report/xml.h"
#include "util/fault.h"
#include "util/outfile.h"
#include "util/path.h"
#include "util/sha256.h"
#include "util/threads.h"
#include "util/timing.h"
#include "util/buf.h"

int run_fail(struct run *run)
{
	/* A store error found by a query (a page found damaged mid-run) names the store,
	 * as one found opening it does. */
	if (run->e.status == EXIT_STORE && !run->e.file[0] && run->cli)
		snprintf(run->e.file, sizeof(run->e.file), "%s", store_default_path(run->cli->db));
	error_print(&run->e, stderr);
	return run->e.status ? run->e.status : EXIT_STORE;
}

/* Rejected records named one per line on stderr, --quiet or not (they are errors in the
 * input, with file, line and field); the rest are counted. */
#define REJECT_LINES 20

int run_ingest(struct store *st, const struct cli *cli, int64_t max_record_bytes,
	       const char *report_dir, struct ingest_result *out, struct error *e)
{
	struct ingest_options opt = { (size_t)max_record_bytes, stderr, REJECT_LINES,
				      report_dir };

	if (ingest_run(st, cli->paths, cli->npaths, &opt, out, e))
		return -1;
	if (opt.log && out->stats.rejected > opt.log_limit)
		fprintf(opt.log, "ingest: ... and %ld more rejected records\n",
			out->stats.rejected - opt.log_limit);
	return 0;
}

static int mkdirs(const char *dir, struct error *e)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *q = p + 1; ; q++) {
		if (*q == '/' || !*q) {
			char c = *q;
			*q = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				rc = error_at(e, error_io_status(errno), "report", p, 0, 0, NULL,
					      "cannot create the output directory: %s", strerror(errno));
				break;
			}
			*q = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

/* The output directory's name: --out, else ".". */
static const char *out_dir(const struct cli *cli)
{
	return cli->out && *cli->out ? cli->out : ".";
}

/* The output directory: --out, else "."; made like mkdir -p when missing. */
static int output_dir(const struct cli *cli, const char **out, struct error *e)
{
	const char *dir = out_dir(cli);
	struct stat sb;

	if (stat(dir, &sb) != 0 && mkdirs(dir, e))
		return -1;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return error_at(e, EXIT_IO, "report", dir, 0, 0, NULL, "not a directory");
	*out = dir;
	return 0;
}

/*
 * Whether --out could be written, without making it: the directory, or when it is
 * missing the nearest one above it that is there, must be a directory in which this run
 * can make one (a probe of a name of its own, removed at once: what permissions allow, a
 * file system may still refuse, read-only or /sys to root; two runs at once never touch
 * each other's names). Found before the store is opened, so that a run that cannot write
 * its report stores nothing, and one that fails for another reason leaves no directory
 * behind.
 */
#define PROBE_PREFIX ".taits-audit-probe-"

/* Removes the empty probe directories of runs killed between making and removing theirs
 * in dir: a probe lives for two system calls, so one a minute old is no other run's. */
static void remove_stale_probes(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);

	if (!d)
		return;
	while ((de = readdir(d)))
		if (path_is_temp_name(de->d_name, PROBE_PREFIX) &&
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(st.st_mode) && st.st_uid == geteuid() && now - st.st_mtime > 60)
			unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR); /* only when empty */
	closedir(d);
}

static int output_dir_usable(const struct cli *cli, struct error *e)
{
	char *p = xstrdup(out_dir(cli)), *missing = NULL;
	struct buf probe = BUF_INIT;
	struct stat sb;
	int rc = 0;

	for (;;) {
		char *slash;
		size_t n = strlen(p);
		while (n > 1 && p[n - 1] == '/') /* "dir/" is dir: a link's own name, too */
			p[--n] = '\0';
		if (stat(p, &sb) == 0)
			break;
		if (errno != ENOENT) {
			rc = error_at(e, error_io_status(errno), "report", p, 0, 0, NULL,
				      "cannot create the output directory: %s",
				      strerror(errno));
			goto out;
		}
		/* a symbolic link to nothing (a share not mounted): mkdir cannot make it */
		if (lstat(p, &sb) == 0) {
			rc = error_at(e, EXIT_IO, "report", p, 0, 0, NULL,
				      "cannot create the output directory: a symbolic link to"
				      " a missing directory");
			goto out;
		}
		free(missing);
		missing = xstrdup(p); /* the first directory the run would make */
		slash = strrchr(p, '/');
		if (!slash)
			strcpy(p, "."); /* p held at least one character */
		else
			slash[slash == p] = '\0'; /* "/x" is under "/" */
	}
	if (!S_ISDIR(sb.st_mode)) {
		rc = error_at(e, EXIT_IO, "report", p, 0, 0, NULL, "not a directory");
		goto out;
	}
	/* the store not made yet under the name of the directory to make: the ingest would
	 * make the store, and the report would then find a file there */
	if (missing) {
		char *dir = path_resolved(missing), *db = path_resolved(store_default_path(cli->db));
		int same = dir && db && !strcmp(dir, db);
		free(dir), free(db);
		if (same) {
			rc = error_at(e, EXIT_IO, "report", missing, 0, 0, NULL,
				      "cannot create the output directory: it is the store's"
				      " name (--db)");
			goto out;
		}
	}
	remove_stale_probes(p);
	buf_addf(&probe, "%s/" PROBE_PREFIX "XXXXXX", p);
	if (!mkdtemp(probe.data))
		rc = missing ? error_at(e, error_io_status(errno), "report", missing, 0, 0, NULL,
					"cannot create the output directory: %s", strerror(errno))
			     : error_at(e, error_io_status(errno), "report", p, 0, 0, NULL, "cannot write: %s",
					strerror(errno));
	else
		rmdir(probe.data);
out:
	buf_release(&probe);
	free(missing);
	free(p);
	return rc;
}

int run_start(struct run *run, struct cli *cli, const char *command, int review_days,
	      int writes, int (*check)(const struct run *run))
{
	const char *db = store_default_path(cli->db);

	memset(run, 0, sizeof(*run));
	run->cli = cli;
	if (tailoring_load(cli->config, &run->t, &run->e))
		return run_fail(run);
	if (cli->fail_on)
		tailoring_set_fail_on(&run->t, severity_from_name(cli->fail_on));
	if (check) {
		int rc = check(run);
		if (rc)
			return rc;
	}
	/* --out before the store: a run that cannot write its report stops before it
	 * ingests anything, not after */
	if ((cli->npaths && ingest_check_paths(cli->paths, cli->npaths, &run->e)) ||
	    (writes && output_dir_usable(cli, &run->e)) ||
	    (writes && cli->want_pdf && report_pdf_check(&run->e)) ||
	    store_open(db, cli->npaths ? STORE_WRITE : STORE_READ, &run->st, &run->e))
		return run_fail(run);
	if (cli->npaths) {
		double t0 = timing_now();
		if (run_ingest(run->st, cli, run->t.max_record_bytes,
			       writes ? out_dir(cli) : NULL, &run->ingested, &run->e))
			return run_fail(run);
		timing_add("run.ingest", t0);
		const struct ingest_stats *s = &run->ingested.stats;
		if (!cli->quiet)
			fprintf(stderr,
				"%s: %ld file%s (%ld read, %ld already stored, %ld manifest%s, %ld not"
				" read), %ld records stored, %ld duplicates, %ld conflicts,"
				" %ld rejected\n",
				command, s->files_seen, s->files_seen == 1 ? "" : "s", s->files_read,
				s->files_known, s->files_manifest, s->files_manifest == 1 ? "" : "s",
				s->files_not_read, s->stored, s->duplicates, s->conflicts, s->rejected);
		/* PATHs that held no file, into a fresh store: nothing to review, as for a
		 * review of a store no ingest has written */
		if (store_require_ingested(run->st, &run->e))
			return run_fail(run);
	}
	/* What the load needed (page cache, parse buffers) goes back before the review
	 * starts, so the peak is the larger of the two, not their sum. */
	sqlite3_db_release_memory(store_db(run->st));
	malloc_trim(0);
	/* Every query from here on reads the store as it is now, on both connections: an
	 * ingest committing meanwhile must not make a report of two states. */
	if (store_snapshot(store_db(run->st), db, &run->e))
		return run_fail(run);
	if (fault_hit("run.snapshot")) { /* tests: hold the snapshot while an ingest tries */
		fprintf(stderr, "fault: run.snapshot: holding the store for 2 s\n");
		sleep(2);
	}
	/* The rules share a second connection's thread; without one they run on this
	 * thread alone, to the same result. The second connection's snapshot is taken while
	 * this one's holds the store still (in WAL mode, a store someone switched, a later
	 * snapshot could see more: there the rules run on one thread). */
	struct error ignored;
	sqlite3 *peer = NULL;
	if (review_days && threads_enabled() && !store_is_wal(run->st) &&
	    store_open_reader(run->st, &peer, &ignored))
		peer = NULL;
	if (peer && store_snapshot(peer, db, &ignored)) {
		sqlite3_close(peer);
		peer = NULL;
	}
	if (rules_open(store_db(run->st), peer, &run->t, &run->rules, &run->e))
		return run_fail(run);
	rules_set_run_files(run->rules, run->ingested.file_ids, run->ingested.nfile_ids);
	return 0;
}

void run_finish(struct run *run)
{
	rules_close(run->rules);
	if (run->st)
		store_snapshot_end(store_db(run->st));
	ingest_result_release(&run->ingested);
	store_close(run->st);
	tailoring_release(&run->t);
}

/* What joins the output directory and a file name: nothing after a '/' (--out reports/). */
static const char *sep(const char *dir)
{
	size_t n = strlen(dir);

	return n && dir[n - 1] == '/' ? "" : "/";
}

/* SHA-256 of a whole file, as hex. */
static int file_sha256(const char *path, char hex[SHA256_HEX_LEN + 1], struct error *e)
{
	unsigned char d[SHA256_LEN];

	if (sha256_file(path, d))
		return error_at(e, error_io_status(errno), "report", path, 0, 0, NULL, "cannot read: %s",
				errno ? strerror(errno) : "file shrank");
	sha256_hex(d, hex);
	return 0;
}

/* Whether a report may take `path`: nothing there, or a file (a directory of that name
 * would refuse the rename after the other file of the pair had taken its name). */
static int name_free(const char *path, struct error *e)
{
	struct stat sb;

	if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return 0;
	return error_at(e, EXIT_IO, "report", path, 0, 0, NULL, "cannot write: %s",
			strerror(EISDIR));
}

/* Takes the output directory's lock, waiting at most a minute for another run to finish
 * writing there: 1 once held. A file system that has no such locks (some NFS mounts) is
 * written without: 0. */
static int lock_dir(int dfd, const char *dir, struct error *e)
{
	for (int i = 0; i < 600; i++) {
		if (flock(dfd, LOCK_EX | LOCK_NB) == 0)
			return 1;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return 0;
		usleep(100000);
	}
	return error_at(e, EXIT_IO, "report", dir, 0, 0, NULL,
			"another run has been writing reports here for a minute");
}

/*
 * Writes the report's files as one pair: each is written unnamed, and both take their
 * names only once both are whole and synced, so a failure (a full disk) leaves the
 * previous pair.
 * Two runs writing to one directory take turns (a lock on the directory): the pair left
 * is one run's, the PDF quoting the SHA-256 of the XML beside it.
 */
int run_write_report(struct run *run, const struct report *rep, const char *stem)
{
	const char *dir = NULL;
	struct buf path = BUF_INIT;
	struct outfile xml, pdf;
	char xml_sha[SHA256_HEX_LEN + 1] = "";
	int rc = -1, dfd = -1, locked = 0;

	memset(&xml, 0, sizeof(xml));
	memset(&pdf, 0, sizeof(pdf));
	xml.fd = pdf.fd = -1;
	if (output_dir(run->cli, &dir, &run->e))
		return -1;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		error_at(&run->e, error_io_status(errno), "report", dir, 0, 0, NULL, "cannot write: %s",
			 strerror(errno));
		goto out;
	}
	if ((locked = lock_dir(dfd, dir, &run->e)) < 0)
		goto out;
	if (run->cli->want_xml) {
		buf_addf(&path, "%s%s%s.xml", dir, sep(dir), stem);
		double t0 = timing_now();
		if (outfile_open(&xml, path.data, locked, &run->e) || report_xml_write(rep, &xml, &run->e) ||
		    file_sha256(xml.name, xml_sha, &run->e))
			goto out;
		timing_add("report.xml", t0);
	}
	if (run->cli->want_pdf) {
		buf_reset(&path);
		buf_addf(&path, "%s%s%s.pdf", dir, sep(dir), stem);
		double t0 = timing_now();
		if (outfile_open(&pdf, path.data, locked, &run->e) ||
		    report_pdf_write(rep, &pdf, xml_sha[0] ? xml_sha : NULL, &run->e))
			goto out;
		timing_add("report.pdf", t0);
	}
	/* Both names free to take first, and both files synced before either is renamed
	 * (outfile_commit()): what can fail before the names change has failed. Both names
	 * change before a word is written: a reader gone from stderr (a closed pipe) must
	 * not come between the two renames. */
	if ((xml.fd >= 0 && name_free(xml.path, &run->e)) ||
	    (pdf.fd >= 0 && name_free(pdf.path, &run->e)))
		goto out;
	struct outfile *const pair[] = { &xml, &pdf };
	if (outfile_commit(pair, 2, &run->e))
		goto out;
	rc = 0;
out:
	outfile_abort(&xml);
	outfile_abort(&pdf);
	if (dfd >= 0)
		close(dfd);
	buf_release(&path);
	return rc;
}

/* The summary's last lines: where the reports are. */
static void report_paths(const struct cli *cli, const char *stem)
{
	const char *dir = out_dir(cli);

	/* one line each, whatever --out and a freeze ID hold */
	if (cli->want_xml)
		line_print(stderr, "  report   %s%s%s.xml", dir, sep(dir), stem);
	if (cli->want_pdf)
		line_print(stderr, "  report   %s%s%s.pdf", dir, sep(dir), stem);
}

int run_report_command(struct cli *cli, const struct report_command *cmd)
{
	struct run run;
	struct report rep;
	struct buf stem = BUF_INIT;
	int rc, writes = !cmd->files_only_with_format || cli->format;

	memset(&rep, 0, sizeof(rep));
	if ((rc = run_start(&run, cli, cmd->name, cmd->review_days, writes, cmd->check))) {
		run_finish(&run);
		return rc;
	}
	double t0 = timing_now();
	if ((rc = cmd->build(&run, &rep))) {
		rc = rc < 0 ? run_fail(&run) : rc;
		goto out;
	}
	timing_add("run.rules+model", t0);
	cmd->stem(&rep, &stem);
	/* the reports first: a run that cannot write them says so, and no verdict */
	if (writes && run_write_report(&run, &rep, stem.data)) {
		rc = run_fail(&run);
		goto out;
	}
	cmd->summary(&run, &rep);
	if (writes && !cli->quiet)
		report_paths(cli, stem.data);
	rc = rep.compliant ? EXIT_COMPLIANT : EXIT_FINDINGS;
out:
	report_release(&rep);
	buf_release(&stem);
	run_finish(&run);
	return rc;
}
