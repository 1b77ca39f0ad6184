#!/usr/bin/env python3
"""Generates src/encoding/labels.c and src/encoding/enc_ids.h.

Inputs: the WHATWG Encoding Standard's encodings.json (labels and names) and
glibc's iconv (through ctypes) for the upper halves of the single-byte
encodings, corrected where WHATWG's index differs from glibc's table (see
FIXUPS). Standard library only.

usage: tools/gen_encodings.py [encodings.json] [out_dir]
"""
import ctypes
import ctypes.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_JSON = os.path.join(HERE, "..", "..", "shared", "conformance", "encodings.json")
DEFAULT_OUT = os.path.join(HERE, "..", "src", "encoding")

# WHATWG encoding -> (decoder kind, glibc iconv name or None).
# Kinds: utf8, sbcs (table), iconv, utf16le, utf16be, replacement, xuser.
KINDS = {
    "UTF-8": ("utf8", None),
    "IBM866": ("sbcs", "CP866"),
    "ISO-8859-2": ("sbcs", "ISO-8859-2"),
    "ISO-8859-3": ("sbcs", "ISO-8859-3"),
    "ISO-8859-4": ("sbcs", "ISO-8859-4"),
    "ISO-8859-5": ("sbcs", "ISO-8859-5"),
    "ISO-8859-6": ("sbcs", "ISO-8859-6"),
    "ISO-8859-7": ("sbcs", "ISO-8859-7"),
    "ISO-8859-8": ("sbcs", "ISO-8859-8"),
    "ISO-8859-8-I": ("sbcs", "ISO-8859-8"),
    "ISO-8859-10": ("sbcs", "ISO-8859-10"),
    "ISO-8859-13": ("sbcs", "ISO-8859-13"),
    "ISO-8859-14": ("sbcs", "ISO-8859-14"),
    "ISO-8859-15": ("sbcs", "ISO-8859-15"),
    "ISO-8859-16": ("sbcs", "ISO-8859-16"),
    "KOI8-R": ("sbcs", "KOI8-R"),
    "KOI8-U": ("sbcs", "KOI8-U"),
    "macintosh": ("sbcs", "MACINTOSH"),
    "windows-874": ("sbcs", "CP874"),
    "windows-1250": ("sbcs", "CP1250"),
    "windows-1251": ("sbcs", "CP1251"),
    "windows-1252": ("sbcs", "CP1252"),
    "windows-1253": ("sbcs", "CP1253"),
    "windows-1254": ("sbcs", "CP1254"),
    "windows-1255": ("sbcs", "CP1255"),
    "windows-1256": ("sbcs", "CP1256"),
    "windows-1257": ("sbcs", "CP1257"),
    "windows-1258": ("sbcs", "CP1258"),
    "x-mac-cyrillic": ("sbcs", "MAC-CYRILLIC"),
    # WHATWG's GBK decoder is its gb18030 decoder.
    "GBK": ("iconv", "GB18030"),
    "gb18030": ("iconv", "GB18030"),
    # WHATWG Big5 is Big5 plus the HKSCS extensions.
    "Big5": ("iconv", "BIG5-HKSCS"),
    "EUC-JP": ("iconv", "EUC-JP"),
    "ISO-2022-JP": ("iconv", "ISO-2022-JP"),
    # WHATWG Shift_JIS is Microsoft's code page 932.
    "Shift_JIS": ("iconv", "CP932"),
    # WHATWG EUC-KR is Microsoft's Unified Hangul Code (code page 949).
    "EUC-KR": ("iconv", "CP949"),
    "replacement": ("replacement", None),
    "UTF-16BE": ("utf16be", None),
    "UTF-16LE": ("utf16le", None),
    "x-user-defined": ("xuser", None),
}

# Where WHATWG's index differs from glibc's table: byte -> code point
# (None = undefined, decodes to U+FFFD).
FIXUPS = {
    # KOI8-U in WHATWG is KOI8-RU: Belarusian short u instead of box drawing.
    "KOI8-U": {0xAE: 0x045E, 0xBE: 0x040E},
    # WHATWG macintosh is the Mac OS 8.5+ table: euro sign, Greek omega,
    # the Apple logo in the private use area.
    "macintosh": {0xDB: 0x20AC, 0xBD: 0x03A9, 0xF0: 0xF8FF},
    # WHATWG x-mac-cyrillic is the Mac OS 9 table (Ukrainian ghe, euro).
    "x-mac-cyrillic": {0xA2: 0x0490, 0xB6: 0x0491, 0xFF: 0x20AC},
    # WHATWG windows-1255 maps 0xCA to HEBREW POINT HOLAM HASER FOR VAV.
    "windows-1255": {0xCA: 0x05BA},
}


# Common characters, written for galley from general knowledge of each
# language (not taken from any corpus): the encoding guesser rewards text
# whose ideographs/syllables are among them. A decoding in the wrong CJK
# encoding yields characters spread evenly over the code table, few of
# which are common.
COMMON_ZH_HANS = (
    "的一是不了人我在有他这个们中来上大为和国地到以说时要就出会可也你对生能而子"
    "那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面"
    "起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机"
    "十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文"
    "体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门"
    "任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别"
    "打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山"
    "金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且"
    "权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师"
    "观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元"
    "英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百"
    "需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须"
    "九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首"
    "医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案"
    "黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲"
    "型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低"
    "朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般"
    "普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省"
    "初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射"
    "略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修"
    "皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著"
    "田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景"
    "顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰"
    "鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩"
    "短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予"
    "礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻"
    "厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳"
    "顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨"
    "访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析"
    "窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申"
    "缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂"
    "措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵网站页首登录注册搜索热门新闻视"
    "频图片评论分享更多服务关于联系我们版权所有查看详情时间来源责任编辑记者报道"
)
COMMON_ZH_HANT = (
    "的一是不了人我在有他這個們中來上大為和國地到以說時要就出會可也你對生能而子"
    "那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面"
    "起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機"
    "十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文"
    "體政美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門"
    "任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別"
    "打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山"
    "金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且"
    "權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師"
    "觀清今切院讓識候帶導爭運笑飛風步改收根乾造言聯持組每濟車親極林服快辦議往元"
    "英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百"
    "需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須"
    "九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首"
    "醫局突專費號盡另周較注語僅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案"
    "黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講"
    "型料終答緊黃絕奇察母京段依批群項故按河米圍江織害鬥雙境客紀採舉殺攻父蘇密低"
    "朝友訴止細願千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般"
    "普怕彈校苦創假久錯承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省"
    "初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負雲停木遊龍樹疑層冷洲衝射"
    "略範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積餘痛檢差富靈協角佔配徵修"
    "皮揮勝降階審沉堅善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香著"
    "田鐵控稅左右份穿藝背陣草腳概惡塊頓敢守酒島托央戶烈洋哥索胡款靠評版寶座釋景"
    "顧弟登貨互付伯慢歐換聞危忙核暗姐介壞討麗良序升監臨亮露永呼味野架域沙掉括艦"
    "魚雜誤灣吉減編楚肯測敗屋跑夢散溫困劍漸封救貴槍缺樓縣尚毫移娘朋畫班智亦耳恩"
    "短掌恐遺固席松祕謝魯遇康慮幸均銷鐘詩藏趕劇票損忽巨炮舊端探湖錄葉春鄉附吸予"
    "禮港雨呀板庭婦歸睛飯額含順輸搖招婚脫補謂督毒油療旅澤材滅逐莫筆亡鮮詞聖擇尋"
    "廠睡博勒煙授諾倫岸奧唐賣俄炸載洛健堂旁宮喝借君禁陰園謀宋避抓榮姑孫逃牙束跳"
    "頂玉鎮雪午練迫爺篇肉嘴館遍凡礎洞卷坦牛寧紙諸訓私莊祖絲翻暴森塔默握戲隱熟骨"
    "訪弱蒙歌店鬼軟典欲薩伙遭盤爸擴蓋弄雄穩忘億刺擁徒姆楊齊賽趣曲刀床迎冰虛玩析"
    "窗醒妻透購替塞努休虎揚途侵刑綠兄迅套貿畢唯谷輪庫跡尤競街促延震棄甲偉麻川申"
    "緩潛閃售燈針哲絡抵朱埃抱鼓植純夏忍頁傑築折鄭貝尊吳秀混臣雅振染盛怒舞圓搞狂"
    "措姓殘秋培迷誠寬宇猛擺梅毀伸摩盟末乃悲拍丁趙網站頁首登錄註冊搜尋熱門新聞視"
    "頻圖片評論分享更多服務關於聯絡我們版權所有查看詳情時間來源責任編輯記者報導"
)
COMMON_KO = (
    "이의다는에을를가하고지기서사로한도리자대인수있어들게나아시정해일보요제것부주"
    "장전상국우내오라그만동면중성으스소년과원경위방문개말적화여연관공무신세분업용"
    "실당물발회결생간계학교통비명점현체진단합출모구미조거드선러마르유호김민후반영"
    "불외표청특강심준입약차직증권행석금력월최감속추역종식알바더또설치활술본배초산"
    "견등료예복작판근록검각때야렇래량확왔았었했습니까저리씨님께죠네며던면서면데께"
    "니라며을까든지요럼처럼까지부터보다에게한테도만은받했던될될지않없같새및및또는"
    "번째개월일시분초명원달러억만천백회차제안건물량책임자통령의원장관청시장도지사"
    "군구동읍면리로길번지층호실기자특파원뉴스신문방송사진영상기사댓글공유검색로그"
    "회원가입메뉴홈페이지전체보기목록이전다음위아래맨앞뒤처음마지막더보기닫기열기"
)


TOP = 120


def charset_chars(codec, leads, trails):
    """The characters a standard code set encodes in the given byte rows
    (Python's codecs): the repertoire of the well-established part of an
    encoding, against which text decoded in it is judged."""
    out = set()
    for a in leads:
        for b in trails:
            try:
                ch = bytes([a, b]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out.add(ch)
    return out


def in_range(chars, lo, hi):
    return "".join(sorted(c for c in chars if lo <= ord(c) < hi))


def bitmap(chars, lo, hi):
    """Bit i set when chr(lo + i) is in chars; chars outside [lo, hi) are
    rejected so a typo cannot slip in."""
    bits = bytearray((hi - lo + 7) // 8)
    for ch in chars:
        cp = ord(ch)
        if not lo <= cp < hi:
            sys.exit("common character U+%04X outside its range" % cp)
        bits[(cp - lo) >> 3] |= 1 << ((cp - lo) & 7)
    return bits


def c_bytes(name, data, comment):
    out = ["/* %s */" % comment, "const uint8_t %s[%d] = {" % (name, len(data))]
    for i in range(0, len(data), 16):
        out.append("    " + ", ".join("%d" % b for b in data[i:i + 16]) + ",")
    out.append("};\n")
    return out


def iconv_table(libc, name):
    """Upper half (0x80..0xFF) of a single-byte code page via glibc iconv."""
    libc.iconv_open.restype = ctypes.c_void_p
    libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.iconv.restype = ctypes.c_size_t
    libc.iconv.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p),
                           ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_char_p),
                           ctypes.POINTER(ctypes.c_size_t)]
    libc.iconv_close.argtypes = [ctypes.c_void_p]
    table = []
    for b in range(0x80, 0x100):
        cd = libc.iconv_open(b"UTF-32LE", name.encode())
        if cd in (None, ctypes.c_void_p(-1).value):
            sys.exit("iconv cannot open %s" % name)
        src = ctypes.create_string_buffer(bytes([b]), 1)
        dst = ctypes.create_string_buffer(16)
        ip = ctypes.c_char_p(ctypes.addressof(src))
        op = ctypes.c_char_p(ctypes.addressof(dst))
        il = ctypes.c_size_t(1)
        ol = ctypes.c_size_t(16)
        r = libc.iconv(cd, ctypes.byref(ip), ctypes.byref(il), ctypes.byref(op), ctypes.byref(ol))
        if r != ctypes.c_size_t(-1).value:
            # glibc's CP1255/CP1258 hold a base letter back waiting for a
            # combining mark: flush it.
            r = libc.iconv(cd, None, None, ctypes.byref(op), ctypes.byref(ol))
        libc.iconv_close(cd)
        if r == ctypes.c_size_t(-1).value or ol.value != 12:
            table.append(None)
        else:
            table.append(int.from_bytes(dst.raw[:4], "little"))
    return table


def whatwg_table(libc, enc, iconv_name):
    t = iconv_table(libc, iconv_name)
    if enc.startswith("windows-"):
        # WHATWG fills the holes of Microsoft's 0x80..0x9F range with the C1
        # control of the same value (the "best fit" tables).
        for i in range(0x20):
            if t[i] is None:
                t[i] = 0x80 + i
    for b, cp in FIXUPS.get(enc, {}).items():
        t[b - 0x80] = cp
    return t


def c_ident(name):
    return "GL_ENC_" + "".join(c if c.isalnum() else "_" for c in name.upper())


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_JSON
    out = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    with open(src, encoding="utf-8") as f:
        groups = json.load(f)
    encs = []
    labels = []
    for g in groups:
        for e in g["encodings"]:
            name = e["name"]
            if name not in KINDS:
                sys.exit("no decoder for %s" % name)
            encs.append(name)
            for lab in e["labels"]:
                labels.append((lab, name))
    labels.sort()
    if len(set(l for l, _ in labels)) != len(labels):
        sys.exit("duplicate label")
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    sbcs = [n for n in encs if KINDS[n][0] == "sbcs"]
    tables = {n: whatwg_table(libc, n, KINDS[n][1]) for n in sbcs}

    hdr = []
    hdr.append("/* generated by tools/gen_encodings.py -- do not edit */")
    hdr.append("#ifndef GL_ENC_IDS_H\n#define GL_ENC_IDS_H\n")
    hdr.append("/* Every WHATWG encoding, in the standard's order. */")
    hdr.append("typedef enum gl_enc_id {")
    for i, n in enumerate(encs):
        hdr.append("    %s = %d," % (c_ident(n), i))
    hdr.append("    GL_ENC_COUNT = %d" % len(encs))
    hdr.append("} gl_enc_id;\n")
    hdr.append("#define GL_ENC_LABEL_COUNT %d" % len(labels))
    hdr.append("#define GL_ENC_LABEL_MAX %d /* longest label */" % max(len(l) for l, _ in labels))
    hdr.append("#define GL_ENC_SBCS_COUNT %d\n" % len(sbcs))
    hdr.append("#endif")

    c = []
    c.append("/* generated by tools/gen_encodings.py -- do not edit */")
    c.append("/* Sources: WHATWG encodings.json; single-byte tables from glibc iconv")
    c.append(" * with WHATWG corrections (see the generator). */")
    c.append('#include "encoding.h"\n')
    c.append("const gl_enc_info gl_enc_table[GL_ENC_COUNT] = {")
    for n in encs:
        kind, iname = KINDS[n]
        sb = sbcs.index(n) if kind == "sbcs" else -1
        c.append('    {"%s", GL_DEC_%s, %s, %d},' % (
            n, kind.upper(), '"%s"' % iname if kind == "iconv" else "NULL", sb))
    c.append("};\n")
    c.append("/* Sorted by label for binary search. */")
    c.append("const gl_enc_label gl_enc_labels[GL_ENC_LABEL_COUNT] = {")
    for lab, n in labels:
        c.append('    {"%s", %s},' % (lab, c_ident(n)))
    c.append("};\n")
    c.append("/* Bytes 0x80..0xFF of each single-byte encoding; 0xFFFF = undefined. */")
    c.append("const uint16_t gl_sbcs_tables[GL_ENC_SBCS_COUNT][128] = {")
    for n in sbcs:
        t = tables[n]
        c.append("    /* %s */ {" % n)
        for row in range(0, 128, 8):
            c.append("        " + ", ".join(
                "0x%04X" % (0xFFFF if v is None else v) for v in t[row:row + 8]) + ",")
        c.append("    },")
    c.append("};\n")
    c += c_bytes("gl_common_hans", bitmap(COMMON_ZH_HANS, 0x4E00, 0xA000),
                 "common simplified Chinese characters, U+4E00..U+9FFF")
    c += c_bytes("gl_common_hant", bitmap(COMMON_ZH_HANT, 0x4E00, 0xA000),
                 "common traditional Chinese characters, U+4E00..U+9FFF")
    c += c_bytes("gl_common_hangul", bitmap(COMMON_KO, 0xAC00, 0xD7A4),
                 "common Hangul syllables, U+AC00..U+D7A3")
    # The lists open with their most frequent characters: the first TOP of
    # each make the top tier.
    c += c_bytes("gl_top_hans", bitmap(COMMON_ZH_HANS[:TOP], 0x4E00, 0xA000),
                 "the %d commonest simplified Chinese characters" % TOP)
    c += c_bytes("gl_top_hant", bitmap(COMMON_ZH_HANT[:TOP], 0x4E00, 0xA000),
                 "the %d commonest traditional Chinese characters" % TOP)
    c += c_bytes("gl_top_hangul", bitmap(COMMON_KO[:TOP], 0xAC00, 0xD7A4),
                 "the %d commonest Hangul syllables" % TOP)
    # The standard repertoires: KS X 1001 Hangul (EUC-KR rows B0..C8),
    # GB 2312 level-1 hanzi (rows B0..D7), Big5 level-1 hanzi (A440..C67E),
    # JIS X 0208 level-1 kanji (Shift_JIS 889F..9872).
    trail94 = range(0xA1, 0xFF)
    big5_trail = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    sjis_trail = list(range(0x40, 0x7F)) + list(range(0x80, 0xFD))
    c += c_bytes("gl_ksx1001_hangul",
                 bitmap(in_range(charset_chars("euc_kr", range(0xB0, 0xC9), trail94),
                                 0xAC00, 0xD7A4), 0xAC00, 0xD7A4),
                 "KS X 1001 Hangul syllables (2,350)")
    c += c_bytes("gl_gb2312_l1",
                 bitmap(in_range(charset_chars("gb2312", range(0xB0, 0xD8), trail94),
                                 0x4E00, 0xA000), 0x4E00, 0xA000),
                 "GB 2312 level-1 hanzi (3,755)")
    c += c_bytes("gl_big5_l1",
                 bitmap(in_range(charset_chars("big5", range(0xA4, 0xC7), big5_trail),
                                 0x4E00, 0xA000), 0x4E00, 0xA000),
                 "Big5 level-1 hanzi")
    c += c_bytes("gl_jis_l1",
                 bitmap(in_range(charset_chars("shift_jis", range(0x88, 0x99), sjis_trail),
                                 0x4E00, 0xA000), 0x4E00, 0xA000),
                 "JIS X 0208 level-1 kanji")
    c[-1] = c[-1].rstrip("\n")

    with open(os.path.join(out, "enc_ids.h"), "w", encoding="utf-8") as f:
        f.write("\n".join(hdr) + "\n")
    with open(os.path.join(out, "labels.c"), "w", encoding="utf-8") as f:
        f.write("\n".join(c) + "\n")
    print("%d encodings, %d labels, %d single-byte tables" % (len(encs), len(labels), len(sbcs)))


if __name__ == "__main__":
    main()
