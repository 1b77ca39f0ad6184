"""Helpers shared by the generators of C tables (gen_vocab.py,
gen_stopwords.py)."""


def cstr(b):
    """A C string literal of the bytes `b`: non-ASCII bytes as hex escapes,
    quotes and backslashes escaped."""
    s, prev_hex = '', False
    for c in b:
        if c >= 0x80:
            s += '\\x%02x' % c
            prev_hex = True
            continue
        ch = chr(c)
        if prev_hex and ch in '0123456789abcdefABCDEF':
            s += '" "'  # a hex escape would swallow the next character
        if ch in '"\\':
            s += '\\'
        s += ch
        prev_hex = False
    return '"' + s + '"'
