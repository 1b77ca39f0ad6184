// meta_lang.cc -- language identification through CLD2, behind a C
// interface. CLD2's tables are read-only, so calls are re-entrant.
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifdef GALLEY_HAVE_CLD2
#include <cld2/public/compact_lang_det.h>

namespace CLD2 {
const char *LanguageCode(Language lang); // lang_script.h is an internal header
}
#endif

extern "C" double gl_meta_lang_detect(const char *text, size_t n, char *tag);

extern "C" double gl_meta_lang_detect(const char *text, size_t n, char *tag)
{
    tag[0] = 0;
#ifdef GALLEY_HAVE_CLD2
    if (!text || n < 16) return -1;
    if (n > (1u << 20)) n = 1u << 20;
    try {
        CLD2::Language lang3[3];
        int percent3[3];
        int text_bytes = 0;
        bool reliable = false;
        CLD2::Language l = CLD2::ExtDetectLanguageSummary(text, (int)n, true, lang3, percent3,
                                                          &text_bytes, &reliable);
        if (l == CLD2::UNKNOWN_LANGUAGE) return -1;
        const char *code = CLD2::LanguageCode(l);
        if (!code || !*code || strcmp(code, "un") == 0 || strncmp(code, "xx", 2) == 0) return -1;
        // CLD2 says "zh" for simplified and "zh-Hant" for traditional Chinese
        if (strcmp(code, "zh") == 0) code = "zh-Hans";
        snprintf(tag, 16, "%s", code);
        double conf = percent3[0] / 100.0;
        if (!reliable) conf *= 0.5;
        return conf;
    } catch (...) {
        return -1;
    }
#else
    (void)text;
    (void)n;
    return -1;
#endif
}
