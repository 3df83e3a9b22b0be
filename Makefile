# taits-audit - batch compliance auditor for TAITS operations (DEPLOY_OPS 251219).
#
#   make            build ./taits-audit
#   make check      build and run the test suite (installs missing packages as root)
#   make demo       review the bundled samples into out/
#   make SANITIZE=address,undefined check    the same suite under ASan+UBSan
#   make valgrind   the same suite under valgrind
#   make bench      throughput and peak memory on generated days
#   make fuzz       libFuzzer targets for each parser (clang)
#   make install    PREFIX=/usr/local DESTDIR=

PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
CC ?= cc
CFLAGS ?= -O2 -g

WARNINGS = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
ifdef DEVELOPER
WARNINGS += -Werror
endif

ifdef SANITIZE
B := build-san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B := build
SANFLAGS :=
endif

PKGS = sqlite3 libxml-2.0 yaml-0.1 libcjson libcrypto
# Recursive on purpose: expanded when a recipe runs, after tools/deps.sh has installed
# what a fresh machine lacks.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lhpdf -lm
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)

# Debug information and __FILE__ name sources relative to the tree, not the checkout's
# directory: the same source builds the same binary wherever it is checked out.
PREFIX_MAP = -ffile-prefix-map=$(CURDIR)=.
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -pthread $(WARNINGS) $(SANFLAGS) $(PREFIX_MAP) \
	$(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)

SRC := $(wildcard src/*.c src/util/*.c src/ingest/*.c src/store/*.c src/rules/*.c \
	src/report/*.c)
OBJ := $(SRC:%.c=$(B)/%.o) $(B)/gen/embed.o
LIB_OBJ := $(filter-out $(B)/src/main.o,$(OBJ))
EMBEDDED := embedded_schema_sql=src/store/schema.sql \
	embedded_indexes_sql=src/store/indexes.sql \
	embedded_report_yaml=templates/report.yaml
EMBEDDED_FILES := $(foreach e,$(EMBEDDED),$(lastword $(subst =, ,$(e))))

TESTS := $(patsubst tests/%.c,%,$(wildcard tests/check_*.c))
TEST_BIN := $(TESTS:%=$(B)/tests/%)
TEST_SUPPORT := $(B)/tests/testutil.o

.PHONY: all deps deps-check check valgrind demo bench fuzz install clean
.SECONDARY:
.DEFAULT_GOAL := all

all: taits-audit

deps:
	@tools/deps.sh build

# What the suite needs besides the build (Check, poppler-utils): checked once per make.
deps-check:
	@tools/deps.sh check

$(B)/taits-audit: $(OBJ)
	$(CC) -o $@ $(OBJ) $(ALL_LDFLAGS) $(PKG_LIBS)

# Copied by rename, so a running ./taits-audit is never overwritten in place.
taits-audit: $(B)/taits-audit
	cp $< $@.tmp && mv -f $@.tmp $@

$(B)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/gen/embed.c: tools/embed.sh $(EMBEDDED_FILES)
	@mkdir -p $(dir $@)
	tools/embed.sh $@ $(EMBEDDED)

$(B)/gen/embed.o: $(B)/gen/embed.c | deps
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/%.c | deps-check
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Isrc -MMD -MP -c -o $@ $<

$(B)/tests/check_%: $(B)/tests/check_%.o $(TEST_SUPPORT) $(LIB_OBJ)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(CHECK_LIBS) $(PKG_LIBS)

# The benchmark's day generator, also used by a test (a generated day must be clean).
$(B)/tests/gen_day: tests/bench/gen_day.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(PKG_LIBS)

# The benchmark's timer: wall time and peak memory of a command (needs no GNU time).
$(B)/tests/rusage: tests/bench/rusage.c | deps
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARNINGS) $(SANFLAGS) $(PREFIX_MAP) $(CFLAGS) -o $@ $< $(ALL_LDFLAGS)

TEST_ENV = TAITS_AUDIT_BIN=$(CURDIR)/$(B)/taits-audit TAITS_AUDIT_SRCDIR=$(CURDIR) \
	TAITS_AUDIT_GEN_DAY=$(CURDIR)/$(B)/tests/gen_day

# The suite: every tests/check_*.c, each test in its own process (Check's fork mode).
check: $(B)/taits-audit $(B)/tests/gen_day $(TEST_BIN) | deps-check
	@$(TEST_ENV) tools/run-tests.sh $(TEST_BIN)

valgrind: $(B)/taits-audit $(B)/tests/gen_day $(TEST_BIN)
	@tools/deps.sh valgrind
	@$(TEST_ENV) TAITS_AUDIT_VALGRIND=1 tools/run-tests.sh $(TEST_BIN)

demo: taits-audit
	@tools/deps.sh demo
	@tools/demo.sh

# Generated days of N orders (tests/bench/gen_day.c): throughput, peak memory, store
# size and where the time goes, for each N.
BENCH_N ?= 10000 100000 1000000
bench: taits-audit $(B)/tests/gen_day $(B)/tests/rusage
	@BENCH_GEN=$(B)/tests/gen_day BENCH_RUSAGE=$(B)/tests/rusage tools/bench.sh $(BENCH_N)

# libFuzzer targets for each parser (clang, ASan + UBSan), FUZZ_SECONDS each (default
# 60), from the seed corpora in tests/fuzz/corpus/; see tools/fuzz.sh. FUZZ_TARGETS
# picks some (e.g. "jsonl yaml"). The libraries and embedded files are the build's.
FUZZ_TARGETS ?=
fuzz: | deps
	@tools/deps.sh fuzz
	@FUZZ_PKG_CFLAGS="$(PKG_CFLAGS)" FUZZ_LIBS="$(PKG_LIBS)" FUZZ_EMBEDDED="$(EMBEDDED)" \
		tools/fuzz.sh $(FUZZ_TARGETS)

install: taits-audit
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 taits-audit $(DESTDIR)$(BINDIR)/taits-audit

clean:
	rm -rf build build-san build-fuzz taits-audit out

-include $(OBJ:.o=.d) $(TEST_BIN:%=%.d)
