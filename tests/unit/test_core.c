/* Core behaviour seen through the public API: status names, options. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

START_TEST(status_names_are_stable)
{
    ck_assert_str_eq(galley_status_name(GALLEY_OK), "ok");
    ck_assert_str_eq(galley_status_name(GALLEY_ERR_TIMEOUT), "timeout");
    ck_assert_str_eq(galley_status_name(GALLEY_LIMIT_DEPTH), "limit_depth");
    ck_assert_str_eq(galley_status_name((galley_status)9999), "unknown");
    for (int s = 0; s < GALLEY_STATUS_COUNT_; s++) {
        ck_assert_ptr_nonnull(galley_status_str((galley_status)s));
        ck_assert_str_ne(galley_status_name((galley_status)s), "unknown");
    }
}
END_TEST

START_TEST(options_defaults_and_ranges)
{
    galley_options *o = galley_options_new();
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(galley_options_get_int(o, GALLEY_OPT_MAX_DEPTH), 512);
    ck_assert_int_eq(galley_options_get_int(NULL, GALLEY_OPT_MODE), GALLEY_MODE_BALANCED);
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_MAX_DEPTH, 0), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_get_int(o, GALLEY_OPT_MAX_DEPTH), 512);
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_MAX_DEPTH, 64), GALLEY_OK);
    ck_assert_int_eq(galley_options_get_int(o, GALLEY_OPT_MAX_DEPTH), 64);
    ck_assert_int_eq(galley_options_set_int(o, (galley_option)12345, 1), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_int(o, GALLEY_OPT_MODE, 3), GALLEY_ERR_INVALID_ARG);
    ck_assert_int_eq(galley_options_set_int(NULL, GALLEY_OPT_MODE, 1), GALLEY_ERR_INVALID_ARG);
    galley_options_free(o);
    galley_options_free(NULL);
    galley_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, status_names_are_stable);
    tcase_add_test(tc, options_defaults_and_ranges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
