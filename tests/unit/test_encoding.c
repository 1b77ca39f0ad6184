/*
 * Encodings through the public API: labels, sniffing, decoding, and the
 * choice of encoding by evidence when a page's declaration is wrong or
 * missing (CJK, Cyrillic, Western and Central European, Greek, Turkish,
 * Hebrew, Arabic, Thai). Test pages are built at run time: text written for these tests
 * in UTF-8, converted with iconv into each legacy encoding.
 */
#include <check.h>
#include <iconv.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"

/* ---- helpers */

/* iconv conversion of NUL-terminated UTF-8 `s` into `to` (caller frees). */
static char *to_legacy(const char *s, const char *to, size_t *out_len)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    ck_assert_msg(cd != (iconv_t)-1, "iconv cannot convert to %s", to);
    size_t inleft = strlen(s), cap = inleft * 4 + 16, oleft = cap;
    char *out = malloc(cap), *o = out, *in = (char *)s;
    ck_assert_ptr_nonnull(out);
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    ck_assert_msg(r != (size_t)-1, "text not representable in %s", to);
    iconv(cd, NULL, NULL, &o, &oleft);
    iconv_close(cd);
    *out_len = cap - oleft;
    return out;
}

/* A page: head holding `head` (may be ""), body holding `body` bytes. */
static char *make_page(const char *head, const char *body, size_t body_len, size_t *len)
{
    static const char a[] = "<!DOCTYPE html><html><head>", b[] = "</head><body><p>",
                      c[] = "</p></body></html>";
    size_t hl = strlen(head), n = strlen(a) + hl + strlen(b) + body_len + strlen(c);
    char *p = malloc(n + 1), *o = p;
    ck_assert_ptr_nonnull(p);
    memcpy(o, a, strlen(a)), o += strlen(a);
    memcpy(o, head, hl), o += hl;
    memcpy(o, b, strlen(b)), o += strlen(b);
    memcpy(o, body, body_len), o += body_len;
    memcpy(o, c, strlen(c)), o += strlen(c);
    *o = '\0';
    *len = n;
    return p;
}

/* Parses a page and returns its text (caller frees) and encoding. */
static char *parse_text(const char *page, size_t len, const char *charset, const char **enc,
                        galley_encoding_basis *basis)
{
    galley_error err = {0};
    galley_doc *doc = galley_parse(page, len, charset, NULL, &err);
    ck_assert_msg(doc != NULL, "galley_parse failed: %d", (int)err.code);
    *enc = galley_doc_encoding(doc, basis);
    char *t = galley_node_text_content(galley_doc_root(doc), NULL);
    galley_doc_free(doc);
    ck_assert_ptr_nonnull(t);
    return t;
}

static void check_decode(const char *in, size_t n, const char *enc, const char *want)
{
    size_t len = 0;
    galley_error err = {0};
    char *s = galley_decode(in, n, enc, &len, &err);
    ck_assert_msg(s != NULL, "galley_decode(%s) failed", enc);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert_msg(memcmp(s, want, len) == 0, "%s: got \"%s\", want \"%s\"", enc, s, want);
    free(s);
}

/* ---- labels */

START_TEST(labels_all_of_the_standard)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/../../shared/conformance/encodings.json", TESTS_DIR);
    json_object *root = json_object_from_file(path);
    ck_assert_msg(root != NULL, "cannot read %s", path);
    int labels = 0;
    for (size_t g = 0; g < json_object_array_length(root); g++) {
        json_object *encs = json_object_object_get(json_object_array_get_idx(root, g), "encodings");
        for (size_t e = 0; e < json_object_array_length(encs); e++) {
            json_object *enc = json_object_array_get_idx(encs, e);
            const char *name = json_object_get_string(json_object_object_get(enc, "name"));
            json_object *ls = json_object_object_get(enc, "labels");
            for (size_t l = 0; l < json_object_array_length(ls); l++) {
                const char *label = json_object_get_string(json_object_array_get_idx(ls, l));
                const char *got = galley_encoding_for_label(label, strlen(label));
                ck_assert_msg(got && strcmp(got, name) == 0, "%s -> %s, want %s", label,
                              got ? got : "NULL", name);
                /* case-insensitive, ASCII whitespace trimmed */
                char padded[128];
                int n = snprintf(padded, sizeof padded, " \t\n%s\f\r ", label);
                for (int i = 0; i < n; i++)
                    if (padded[i] >= 'a' && padded[i] <= 'z') padded[i] = (char)(padded[i] - 32);
                got = galley_encoding_for_label(padded, (size_t)n);
                ck_assert_msg(got && strcmp(got, name) == 0, "\"%s\" not found", padded);
                labels++;
            }
        }
    }
    ck_assert_int_eq(labels, 228);
    json_object_put(root);
}
END_TEST

START_TEST(labels_edge_cases)
{
    ck_assert_str_eq(galley_encoding_for_label(" latin1 ", 8), "windows-1252");
    ck_assert_str_eq(galley_encoding_for_label("ISO-8859-1", 10), "windows-1252");
    ck_assert_str_eq(galley_encoding_for_label("us-ascii", 8), "windows-1252");
    ck_assert_str_eq(galley_encoding_for_label("utf-16", 6), "UTF-16LE");
    ck_assert_str_eq(galley_encoding_for_label("gb2312", 6), "GBK");
    ck_assert_str_eq(galley_encoding_for_label("x-sjis", 6), "Shift_JIS");
    ck_assert_str_eq(galley_encoding_for_label("iso-2022-kr", 11), "replacement");
    ck_assert_str_eq(galley_encoding_for_label("utf-8xyz", 5), "UTF-8"); /* len counts */
    ck_assert_ptr_null(galley_encoding_for_label("utf-7", 5));
    ck_assert_ptr_null(galley_encoding_for_label("", 0));
    ck_assert_ptr_null(galley_encoding_for_label("   ", 3));
    ck_assert_ptr_null(galley_encoding_for_label("utf\0-8", 6));
    ck_assert_ptr_null(galley_encoding_for_label("utf 8", 5));
    ck_assert_ptr_null(galley_encoding_for_label(NULL, 3));
    ck_assert_str_eq(galley_encoding_for_label("replacement", 11), "replacement");
}
END_TEST

/* ---- decoding */

START_TEST(utf8_maximal_subparts)
{
    /* each maximal subpart of an ill-formed sequence is one U+FFFD */
    check_decode("\xE2\x82\x41", 3, "utf-8",
                 "\xEF\xBF\xBD"
                 "A");
    check_decode("\xF0\x80\x80", 3, "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    check_decode("\xED\xA0\x80", 3, "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    check_decode("\xC0\xAF", 2, "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD");
    check_decode("\xF4\x90\x80\x80", 4, "utf-8",
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    check_decode("a\xF0\x9F\x98", 4, "utf-8", "a\xEF\xBF\xBD");
    check_decode("\xFF"
                 "b",
                 2, "utf-8",
                 "\xEF\xBF\xBD"
                 "b");
    check_decode("\xF0\x9F\x98\x80z", 5, "utf-8", "\xF0\x9F\x98\x80z");
    size_t len; /* NUL is a character */
    char *s = galley_decode("a\0b", 3, "utf-8", &len, NULL);
    ck_assert_uint_eq(len, 3);
    free(s);
}
END_TEST

START_TEST(single_byte_tables)
{
    /* WHATWG windows-1252: euro at 0x80, the five holes are C1 controls */
    check_decode("\x80\x81\x8D\x8F\x90\x9D\xE9", 7, "windows-1252",
                 "\xE2\x82\xAC\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D\xC3\xA9");
    check_decode("caf\xE9", 4, "iso-8859-1", "caf\xC3\xA9");
    check_decode("\x80", 1, "us-ascii", "\xE2\x82\xAC");
    check_decode("\xA4", 1, "iso-8859-15", "\xE2\x82\xAC");
    check_decode("\xB1\xEA", 2, "iso-8859-2", "\xC4\x85\xC4\x99"); /* ą ę */
    check_decode("\xC1", 1, "koi8-r", "\xD0\xB0");                 /* а */
    check_decode("\xAE", 1, "koi8-u", "\xD1\x9E");                 /* ў */
    check_decode("\xE0", 1, "windows-1251", "\xD0\xB0");           /* а */
    check_decode("\xA1", 1, "iso-8859-3", "\xC4\xA6");             /* Ħ */
    check_decode("\xA5", 1, "iso-8859-3", "\xEF\xBF\xBD");         /* undefined */
    check_decode("\xDB", 1, "macintosh", "\xE2\x82\xAC");
    check_decode("\xCA", 1, "windows-1255", "\xD6\xBA");
    check_decode("\xE0", 1, "windows-1258", "\xC3\xA0"); /* no composition */
    check_decode("a\x80\xFF", 3, "x-user-defined", "a\xEF\x9E\x80\xEF\x9F\xBF");
    check_decode("anything", 8, "iso-2022-kr", "\xEF\xBF\xBD");
    check_decode("", 0, "iso-2022-kr", "");
}
END_TEST

START_TEST(utf16_and_boms)
{
    check_decode("a\0\x3D\xD8\x00\xDE", 6, "utf-16le", "a\xF0\x9F\x98\x80");
    check_decode("\0a\xD8\x3D\xDE\x00", 6, "utf-16be", "a\xF0\x9F\x98\x80");
    check_decode("\x3D\xD8"
                 "a\0",
                 4, "utf-16le",
                 "\xEF\xBF\xBD"
                 "a"); /* lone lead */
    check_decode("\x00\xDE"
                 "a\0",
                 4, "utf-16le",
                 "\xEF\xBF\xBD"
                 "a");                                    /* lone trail */
    check_decode("a\0b", 3, "utf-16le", "a\xEF\xBF\xBD"); /* odd byte */
    /* a BOM is removed, and overrides the encoding given (Encoding "decode") */
    check_decode("\xEF\xBB\xBF"
                 "abc",
                 6, "utf-8", "abc");
    check_decode("\xEF\xBB\xBF"
                 "abc",
                 6, "windows-1252", "abc");
    check_decode("\xFF\xFE"
                 "a\0",
                 4, "utf-8", "a");
    check_decode("\xFE\xFF\0a", 4, "utf-16le", "a");

    galley_encoding_basis b;
    ck_assert_str_eq(galley_sniff_encoding("\xEF\xBB\xBF<meta charset=latin2>", 25, "koi8-r", &b),
                     "UTF-8");
    ck_assert_int_eq(b, GALLEY_ENC_BOM);
    ck_assert_str_eq(galley_sniff_encoding("\xFE\xFF", 2, NULL, &b), "UTF-16BE");
    ck_assert_int_eq(b, GALLEY_ENC_BOM);

    /* through the parser: BOM stripped, BOM wins over <meta> */
    const char page[] = "\xEF\xBB\xBF<meta charset=iso-8859-2><p>\xC5\xBC</p>";
    const char *enc;
    char *t = parse_text(page, sizeof page - 1, NULL, &enc, &b);
    ck_assert_str_eq(enc, "UTF-8");
    ck_assert_int_eq(b, GALLEY_ENC_BOM);
    ck_assert_str_eq(t, "\xC5\xBC");
    free(t);
}
END_TEST

START_TEST(multibyte_errors_resume)
{
    check_decode("\xFF"
                 "A",
                 2, "euc-kr",
                 "\xEF\xBF\xBD"
                 "A");
    check_decode("\xB0\xA1", 2, "euc-kr", "\xEA\xB0\x80");    /* 가 */
    check_decode("a\xB0", 2, "euc-kr", "a\xEF\xBF\xBD");      /* cut lead */
    check_decode("\x82\xA0", 2, "shift_jis", "\xE3\x81\x82"); /* あ */
    check_decode("\x82", 1, "shift_jis", "\xEF\xBF\xBD");
    check_decode("\xA4\xA2", 2, "euc-jp", "\xE3\x81\x82");
    check_decode("\x1B$B$\"\x1B(B!", 9, "iso-2022-jp", "\xE3\x81\x82!");
    check_decode("\xC4\xE3", 2, "gbk", "\xE4\xBD\xA0"); /* 你 */
    check_decode("\x81\x30\x81\x30", 4, "gb18030", "\xC2\x80");
    check_decode("a\x80", 2, "gbk", "a\xE2\x82\xAC");    /* WHATWG: euro */
    check_decode("a\x80", 2, "shift_jis", "a\xC2\x80");  /* WHATWG: U+0080 */
    check_decode("\xA4\xA4", 2, "big5", "\xE4\xB8\xAD"); /* 中 */
    /* many bad bytes: linear, one U+FFFD each, never stuck */
    size_t n = 100000, len;
    char *junk = malloc(n);
    ck_assert_ptr_nonnull(junk);
    memset(junk, 0xFF, n);
    const char *encs[] = {"euc-kr", "shift_jis", "big5", "gbk", "euc-jp", "iso-2022-jp"};
    for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
        char *s = galley_decode(junk, n, encs[i], &len, NULL);
        ck_assert_ptr_nonnull(s);
        ck_assert_msg(len >= 3 && len <= 3 * n, "%s: %zu", encs[i], len);
        free(s);
    }
    free(junk);
    galley_error err = {0};
    ck_assert_ptr_null(galley_decode("x", 1, "no-such-encoding", &len, &err));
    ck_assert_int_eq(err.code, GALLEY_ERR_ENCODING);
}
END_TEST

/* ---- sniffing */

START_TEST(sniff_order)
{
    galley_encoding_basis b;
    const char meta[] = "<meta charset=\"iso-8859-2\"><p>x</p>";
    /* transport charset wins over <meta> */
    ck_assert_str_eq(galley_sniff_encoding(meta, sizeof meta - 1, "windows-1251", &b),
                     "windows-1251");
    ck_assert_int_eq(b, GALLEY_ENC_TRANSPORT);
    /* a quoted label or a whole Content-Type value is understood */
    ck_assert_str_eq(galley_sniff_encoding(meta, sizeof meta - 1, "\"koi8-r\"", &b), "KOI8-R");
    ck_assert_str_eq(
        galley_sniff_encoding(meta, sizeof meta - 1, "text/html; Charset='koi8-r'; x=y", &b),
        "KOI8-R");
    ck_assert_int_eq(b, GALLEY_ENC_TRANSPORT);
    /* an unknown transport label is ignored */
    ck_assert_str_eq(galley_sniff_encoding(meta, sizeof meta - 1, "bogus", &b), "ISO-8859-2");
    ck_assert_int_eq(b, GALLEY_ENC_META);
    const char pragma[] = "<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>";
    ck_assert_str_eq(galley_sniff_encoding(pragma, sizeof pragma - 1, NULL, &b), "KOI8-R");
    /* content without the pragma does not count */
    const char nopragma[] = "<meta content='text/html; charset=koi8-r'>";
    ck_assert_ptr_null(galley_prescan_encoding(nopragma, sizeof nopragma - 1));
    /* UTF-16 in <meta> means UTF-8; x-user-defined means windows-1252 */
    ck_assert_str_eq(galley_prescan_encoding("<meta charset=utf-16>", 21), "UTF-8");
    ck_assert_str_eq(galley_prescan_encoding("<meta charset=x-user-defined>", 29), "windows-1252");
    /* in a comment: not seen */
    ck_assert_ptr_null(galley_prescan_encoding("<!-- <meta charset=koi8-r> -->", 30));
    /* XML declaration */
    const char xml[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-5\"?><html>";
    ck_assert_str_eq(galley_sniff_encoding(xml, sizeof xml - 1, NULL, &b), "ISO-8859-5");
    ck_assert_int_eq(b, GALLEY_ENC_XML);
    /* evidence */
    ck_assert_str_eq(galley_sniff_encoding("caf\xC3\xA9", 5, NULL, &b), "UTF-8");
    ck_assert_int_eq(b, GALLEY_ENC_VALID_UTF8);
    ck_assert_str_eq(galley_sniff_encoding("caf\xE9", 4, NULL, &b), "windows-1252");
    ck_assert_int_eq(b, GALLEY_ENC_DEFAULT);
    ck_assert_str_eq(galley_sniff_encoding(NULL, 0, NULL, &b), "UTF-8");
    /* the <meta> must sit in the first 1024 bytes for sniffing */
    char late[1200];
    memset(late, ' ', sizeof late);
    memcpy(late + 1100, "<meta charset=koi8-r>", 21);
    ck_assert_str_eq(galley_sniff_encoding(late, sizeof late, NULL, &b), "UTF-8");
    ck_assert_str_eq(galley_prescan_encoding(late, sizeof late), "KOI8-R");
}
END_TEST

/* ---- decoding pages by evidence */

typedef struct sample {
    const char *lang;
    const char *iconv_name; /* what the test converts with */
    const char *whatwg;     /* what galley must report */
    const char *wrong;      /* a wrong legacy declaration */
    const char *text;       /* UTF-8, written for these tests */
} sample;

static const sample SAMPLES[] = {
    {"Korean", "EUC-KR", "EUC-KR", "windows-1252",
     "서울의 봄은 짧지만 아름답다. 사람들은 공원에 모여 꽃을 보고, 아이들은 잔디 위에서 "
     "뛰어논다. 오후에는 비가 조금 내렸지만 저녁이 되자 하늘이 다시 맑아졌다. 우리는 작은 "
     "식당에서 따뜻한 국수를 먹으며 하루 이야기를 나누었다."},
    {"Japanese", "SHIFT_JIS", "Shift_JIS", "windows-1252",
     "東京の春は短いけれど美しい。人々は公園に集まって桜を眺め、子どもたちは芝生の上で走り"
     "回る。午後には少し雨が降ったが、夕方になると空はまた晴れた。私たちは小さな店で温かい"
     "うどんを食べながら、一日の話をした。"},
    {"Japanese", "EUC-JP", "EUC-JP", "windows-1252",
     "京都の秋は紅葉がとても美しい。朝早くお寺を訪ねると、静かな庭に赤い葉が落ちていた。"
     "昼には駅の近くで温かいそばを食べ、午後は川沿いをゆっくり歩いた。"},
    {"Chinese (simplified)", "GBK", "GBK", "windows-1252",
     "北京的春天很短，但是非常美丽。人们在公园里看花，孩子们在草地上跑来跑去。下午下了一点"
     "雨，到了晚上天空又变得晴朗。我们在一家小饭馆里吃了热面条，一边吃一边聊今天发生的事情。"},
    {"Chinese (traditional)", "BIG5", "Big5", "windows-1252",
     "台北的春天很短，但是非常美麗。人們在公園裡看花，孩子們在草地上跑來跑去。下午下了一點"
     "雨，到了晚上天空又變得晴朗。我們在一家小飯館裡吃了熱麵條，一邊吃一邊聊今天發生的事情。"},
    {"Russian", "WINDOWS-1251", "windows-1251", "windows-1252",
     "Весна в Москве короткая, но очень красивая. Люди собираются в парках, чтобы посмотреть "
     "на цветы, а дети бегают по траве. Днём прошёл небольшой дождь, но к вечеру небо снова "
     "стало ясным. Мы ужинали в маленьком кафе и говорили о прошедшем дне."},
    {"French", "WINDOWS-1252", "windows-1252", "windows-1251",
     "Le printemps à Paris est court mais très beau. Les gens se réunissent dans les jardins "
     "pour voir les fleurs, et les enfants courent sur l’herbe. L’après-midi, il a plu un peu, "
     "mais le soir le ciel était de nouveau dégagé. Nous avons dîné dans un petit café où l’on "
     "sert des crêpes façon bretonne."},
    {"German", "WINDOWS-1252", "windows-1252", "windows-1251",
     "Der Frühling in München ist kurz, aber sehr schön. Die Leute treffen sich in den Gärten, "
     "um die Blumen anzuschauen, und die Kinder laufen über das Gras. Am Nachmittag regnete es "
     "ein wenig, doch am Abend war der Himmel wieder klar. Wir aßen in einem kleinen Lokal und "
     "sprachen über den Tag."},
    {"Polish", "ISO-8859-2", "ISO-8859-2", "windows-1251",
     "Wiosna w Krakowie jest krótka, ale bardzo piękna. Ludzie spotykają się w parkach, żeby "
     "oglądać kwiaty, a dzieci biegają po trawie. Po południu trochę padało, ale wieczorem niebo "
     "znów było czyste. Zjedliśmy kolację w małej restauracji i rozmawialiśmy o tym, co się "
     "wydarzyło."},
    {"Czech", "ISO-8859-2", "ISO-8859-2", "windows-1251",
     "Jaro v Praze je krátké, ale velmi krásné. Lidé se scházejí v parcích, aby se podívali na "
     "květiny, a děti běhají po trávě. Odpoledne trochu pršelo, ale večer bylo nebe znovu čisté. "
     "Večeřeli jsme v malé restauraci a povídali si o tom, co se za celý den stalo."},
    {"Greek", "WINDOWS-1253", "windows-1253", "windows-1252",
     "Η άνοιξη στην Αθήνα είναι σύντομη αλλά πολύ όμορφη. Οι άνθρωποι μαζεύονται στα πάρκα "
     "για να δουν τα λουλούδια, και τα παιδιά τρέχουν στο γρασίδι. Το απόγευμα έβρεξε λίγο, "
     "αλλά το βράδυ ο ουρανός ήταν πάλι καθαρός."},
    {"Turkish", "WINDOWS-1254", "windows-1254", "windows-1251",
     "İstanbul'da bahar kısa ama çok güzeldir. İnsanlar çiçekleri görmek için parklarda "
     "toplanır, çocuklar çimenlerin üzerinde koşar. Öğleden sonra biraz yağmur yağdı, ama "
     "akşam gökyüzü yeniden açıldı. Küçük bir lokantada sıcak çorba içtik."},
    {"Hebrew", "WINDOWS-1255", "windows-1255", "windows-1252",
     "האביב בירושלים קצר אבל יפה מאוד. אנשים מתאספים בפארקים כדי לראות את הפרחים, והילדים "
     "רצים על הדשא. אחר הצהריים ירד קצת גשם, אבל בערב השמיים התבהרו שוב."},
    {"Arabic", "WINDOWS-1256", "windows-1256", "windows-1252",
     "الربيع في القاهرة قصير لكنه جميل جدا. يجتمع الناس في الحدائق لرؤية الزهور، ويركض "
     "الأطفال على العشب. في المساء أصبحت السماء صافية مرة أخرى."},
    {"Thai", "CP874", "windows-874", "windows-1252",
     "ฤดูใบไม้ผลิในกรุงเทพสั้นแต่สวยงามมาก ผู้คนมารวมตัวกันในสวนสาธารณะเพื่อชมดอกไม้ "
     "และเด็กๆ วิ่งเล่นบนสนามหญ้า ตอนบ่ายฝนตกเล็กน้อย แต่ตอนเย็นท้องฟ้าก็แจ่มใสอีกครั้ง"},
};
#define NSAMPLES (sizeof SAMPLES / sizeof SAMPLES[0])

enum decl { DECL_RIGHT, DECL_UTF8, DECL_WRONG, DECL_NONE, DECL_TRANSPORT, DECL_COUNT };
static const char *const DECL_NAMES[] = {"right", "utf-8", "wrong legacy", "none", "transport"};

static void run_sample(const sample *s, int d)
{
    size_t blen, plen;
    char *body = to_legacy(s->text, s->iconv_name, &blen);
    char head[128] = "";
    const char *transport = NULL;
    switch (d) {
    case DECL_RIGHT:
        snprintf(head, sizeof head, "<meta charset=\"%s\">", s->whatwg);
        break;
    case DECL_UTF8:
        snprintf(head, sizeof head, "<meta charset=\"utf-8\">");
        break;
    case DECL_WRONG:
        snprintf(head, sizeof head,
                 "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">", s->wrong);
        break;
    case DECL_TRANSPORT: /* the header is right, the page wrong: the header wins */
        transport = s->whatwg;
        snprintf(head, sizeof head, "<meta charset=\"%s\">", s->wrong);
        break;
    default:
        break;
    }
    char *page = make_page(head, body, blen, &plen);
    const char *enc;
    galley_encoding_basis basis;
    char *t = parse_text(page, plen, transport, &enc, &basis);
    ck_assert_msg(strcmp(enc, s->whatwg) == 0, "%s in %s, declaration %s: decoded as %s", s->lang,
                  s->whatwg, DECL_NAMES[d], enc);
    ck_assert_msg(strcmp(t, s->text) == 0, "%s in %s, declaration %s: text differs", s->lang,
                  s->whatwg, DECL_NAMES[d]);
    galley_encoding_basis want = d == DECL_RIGHT       ? GALLEY_ENC_META
                                 : d == DECL_TRANSPORT ? GALLEY_ENC_TRANSPORT
                                 : d == DECL_NONE && strcmp(s->whatwg, "windows-1252") == 0
                                     ? GALLEY_ENC_DEFAULT
                                     : GALLEY_ENC_FALLBACK;
    ck_assert_msg(basis == want, "%s in %s, declaration %s: basis %d, want %d", s->lang, s->whatwg,
                  DECL_NAMES[d], (int)basis, (int)want);
    free(t);
    free(page);
    free(body);
}

START_TEST(legacy_pages_by_evidence)
{
    /* _i: one sample per run, every declaration */
    for (int d = 0; d < DECL_COUNT; d++)
        run_sample(&SAMPLES[_i], d);
}
END_TEST

START_TEST(utf8_pages_with_wrong_declarations)
{
    /* valid non-ASCII UTF-8 under a legacy declaration is UTF-8 */
    const char *decls[] = {"iso-8859-1", "windows-1252", "iso-8859-2",  "euc-kr",
                           "shift_jis",  "gbk",          "windows-1251"};
    for (size_t s = 0; s < NSAMPLES; s++) {
        for (size_t d = 0; d < sizeof decls / sizeof decls[0]; d++) {
            char head[64];
            snprintf(head, sizeof head, "<meta charset=%s>", decls[d]);
            size_t plen;
            char *page = make_page(head, SAMPLES[s].text, strlen(SAMPLES[s].text), &plen);
            const char *enc;
            galley_encoding_basis basis;
            char *t = parse_text(page, plen, NULL, &enc, &basis);
            ck_assert_msg(strcmp(enc, "UTF-8") == 0, "%s UTF-8 declared %s: got %s",
                          SAMPLES[s].lang, decls[d], enc);
            ck_assert_int_eq(basis, GALLEY_ENC_FALLBACK);
            ck_assert_str_eq(t, SAMPLES[s].text);
            free(t);
            free(page);
            /* the same declaration in the HTTP header only */
            page = make_page("", SAMPLES[s].text, strlen(SAMPLES[s].text), &plen);
            t = parse_text(page, plen, decls[d], &enc, &basis);
            ck_assert_msg(strcmp(enc, "UTF-8") == 0, "%s UTF-8, transport %s: got %s",
                          SAMPLES[s].lang, decls[d], enc);
            ck_assert_int_eq(basis, GALLEY_ENC_FALLBACK);
            ck_assert_str_eq(t, SAMPLES[s].text);
            free(t);
            free(page);
        }
    }
    /* a few stray bytes in a UTF-8 page do not make it legacy, declared
     * UTF-8 or declared legacy */
    char body[4096];
    size_t n = 0;
    for (int i = 0; i < 20; i++) {
        memcpy(body + n,
               "Gr\xC3\xBC\xC3\x9F"
               "e ",
               8);
        n += 8;
    }
    memcpy(body + n, "\xE9 ", 2);
    n += 2;
    size_t plen;
    char *page = make_page("<meta charset=utf-8>", body, n, &plen);
    const char *enc;
    galley_encoding_basis basis;
    char *t = parse_text(page, plen, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "UTF-8");
    ck_assert_int_eq(basis, GALLEY_ENC_META);
    ck_assert_ptr_nonnull(strstr(t, "\xEF\xBF\xBD"));
    free(t);
    free(page);
    page = make_page("<meta charset=iso-8859-1>", body, n, &plen);
    t = parse_text(page, plen, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "UTF-8");
    ck_assert_int_eq(basis, GALLEY_ENC_FALLBACK);
    free(t);
    free(page);
}
END_TEST

START_TEST(iso2022jp_without_declaration)
{
    size_t blen, plen;
    char *body = to_legacy("今日は雨です。明日は晴れるでしょう。", "ISO-2022-JP", &blen);
    char *page = make_page("", body, blen, &plen);
    const char *enc;
    galley_encoding_basis basis;
    char *t = parse_text(page, plen, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "ISO-2022-JP");
    ck_assert_str_eq(t, "今日は雨です。明日は晴れるでしょう。");
    free(t);
    free(page);
    free(body);
}
END_TEST

START_TEST(utf16_without_bom)
{
    /* BOM-less UTF-16 pages, declared or not, are recognised by their NULs */
    const char *text = "<!DOCTYPE html><html><body><p>caf\xC3\xA9 \xE6\x97\xA5</p></body></html>";
    const char *enc;
    galley_encoding_basis basis;
    const char *charsets[] = {NULL, "utf-16le", "utf-8"};
    for (int be = 0; be < 2; be++) {
        size_t blen;
        char *body = to_legacy(text, be ? "UTF-16BE" : "UTF-16LE", &blen);
        for (size_t k = 0; k < 3; k++) {
            char *t = parse_text(body, blen, charsets[k], &enc, &basis);
            ck_assert_str_eq(enc, be ? "UTF-16BE" : "UTF-16LE");
            ck_assert_str_eq(t, "caf\xC3\xA9 \xE6\x97\xA5");
            free(t);
        }
        free(body);
    }
    /* a UTF-16 transport charset on an ASCII-compatible page is not followed
     * (a <meta> one already means UTF-8 by the standard) */
    const char page[] = "<p>caf\xC3\xA9</p>";
    char *t = parse_text(page, sizeof page - 1, "utf-16le", &enc, &basis);
    ck_assert_str_eq(enc, "UTF-8");
    ck_assert_str_eq(t, "caf\xC3\xA9");
    free(t);
}
END_TEST

START_TEST(latin9_and_windows_1252)
{
    const char *enc;
    galley_encoding_basis basis;
    /* ISO-8859-15 stands with its euro sign... */
    const char p15[] = "<meta charset=iso-8859-15><p>5 \xA4 la cr\xEA"
                       "pe \xE0 emporter</p>";
    char *t = parse_text(p15, sizeof p15 - 1, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "ISO-8859-15");
    ck_assert_str_eq(t, "5 \xE2\x82\xAC la cr\xC3\xAApe \xC3\xA0 emporter");
    free(t);
    /* ...unless windows-1252 punctuation shows the page is windows-1252 */
    const char p1252[] = "<meta charset=iso-8859-15><p>\x93"
                         "Bonjour\x94 \x96 c\x92"
                         "est \xE9"
                         "vident</p>";
    t = parse_text(p1252, sizeof p1252 - 1, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "windows-1252");
    ck_assert_int_eq(basis, GALLEY_ENC_FALLBACK);
    ck_assert_str_eq(t, "\xE2\x80\x9C"
                        "Bonjour\xE2\x80\x9D \xE2\x80\x93 c\xE2\x80\x99"
                        "est "
                        "\xC3\xA9vident");
    free(t);
}
END_TEST

START_TEST(declared_encodings_without_a_model)
{
    /* Lithuanian in windows-1257: not guessed, but its declaration stands */
    const char *text = "Pavasaris Vilniuje trumpas, bet labai gražus. Žmonės renkasi parkuose "
                       "pažiūrėti gėlių, o vaikai bėgioja po žolę.";
    size_t blen, plen;
    char *body = to_legacy(text, "WINDOWS-1257", &blen);
    char *page = make_page("<meta charset=\"windows-1257\">", body, blen, &plen);
    const char *enc;
    galley_encoding_basis basis;
    char *t = parse_text(page, plen, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "windows-1257");
    ck_assert_int_eq(basis, GALLEY_ENC_META);
    ck_assert_str_eq(t, text);
    free(t);
    free(page);
    free(body);
}
END_TEST

START_TEST(ascii_and_empty_pages)
{
    const char *enc;
    galley_encoding_basis basis;
    char *t = parse_text("", 0, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "UTF-8");
    free(t);
    const char page[] = "<meta charset=koi8-r><p>plain</p>";
    t = parse_text(page, sizeof page - 1, NULL, &enc, &basis);
    ck_assert_str_eq(enc, "KOI8-R"); /* nothing contradicts it */
    ck_assert_int_eq(basis, GALLEY_ENC_META);
    ck_assert_str_eq(t, "plain");
    free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("encoding");
    TCase *tc = tcase_create("encoding");
    tcase_add_test(tc, labels_all_of_the_standard);
    tcase_add_test(tc, labels_edge_cases);
    tcase_add_test(tc, utf8_maximal_subparts);
    tcase_add_test(tc, single_byte_tables);
    tcase_add_test(tc, utf16_and_boms);
    tcase_add_test(tc, multibyte_errors_resume);
    tcase_add_test(tc, sniff_order);
    tcase_add_loop_test(tc, legacy_pages_by_evidence, 0, (int)NSAMPLES);
    tcase_add_test(tc, utf8_pages_with_wrong_declarations);
    tcase_add_test(tc, iso2022jp_without_declaration);
    tcase_add_test(tc, utf16_without_bom);
    tcase_add_test(tc, latin9_and_windows_1252);
    tcase_add_test(tc, declared_encodings_without_a_model);
    tcase_add_test(tc, ascii_and_empty_pages);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
