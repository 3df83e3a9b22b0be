/*
 * pdf_words.c - the words and colours of the model's values in the PDF: severities,
 * run modes, the timeline's markers, environments.
 */
#include "pdf_internal.h"

#include <string.h>

enum tpl_string severity_str(enum severity s)
{
	return s == SEV_CRITICAL ? S_SEV_CRITICAL : s == SEV_MAJOR ? S_SEV_MAJOR : S_SEV_MINOR;
}

enum tpl_color severity_color(enum severity s)
{
	return s == SEV_CRITICAL ? COLOR_CRITICAL : s == SEV_MAJOR ? COLOR_MAJOR : COLOR_MINOR;
}

const struct mode_info mode_infos[MODE_INFOS] = {
	{ "disabled", S_MODE_DISABLED, COLOR_MODE_DISABLED },
	{ "observe_only", S_MODE_OBSERVE, COLOR_MODE_OBSERVE },
	{ "live_execution", S_MODE_LIVE, COLOR_MODE_LIVE },
	{ "simulated_execution", S_MODE_SIM, COLOR_MODE_SIM },
	{ NULL, S_MODE_UNDECLARED, COLOR_MODE_UNDECLARED },
};

/* NULL for a mode the template has no words for. */
const struct mode_info *mode_info(const char *mode)
{
	if (mode && !strcmp(mode, "undeclared"))
		mode = NULL;
	for (size_t i = 0; i < MODE_INFOS; i++)
		if (mode ? mode_infos[i].mode && !strcmp(mode_infos[i].mode, mode)
			 : !mode_infos[i].mode)
			return &mode_infos[i];
	return NULL;
}

const struct mark_info mark_infos[MARK_INFOS] = {
	{ "critical_alert", S_MARK_CRITICAL, COLOR_MARK_CRITICAL, SHAPE_DOWN },
	{ "kill_switch_test", S_MARK_KS_TEST, COLOR_MARK_KS_TEST, SHAPE_RING },
	{ "kill_switch_activate", S_MARK_KS_ACTIVATE, COLOR_MARK_KS_ACTIVATE, SHAPE_DIAMOND },
	{ "incident", S_MARK_INCIDENT, COLOR_MARK_INCIDENT, SHAPE_SQUARE },
	{ "change", S_MARK_CHANGE, COLOR_MARK_CHANGE, SHAPE_UP },
};

const struct mark_info *mark_info(const char *what)
{
	for (size_t i = 0; i < MARK_INFOS; i++)
		if (what && !strcmp(mark_infos[i].what, what))
			return &mark_infos[i];
	return NULL;
}

const char *env_label(struct pdf *p, const char *env, enum tpl_lang lang)
{
	if (!env)
		return S(p, S_UNLABELLED, lang);
	if (!strcmp(env, "all"))
		return S(p, S_ENV_ALL, lang);
	return env;
}
