import ctypes, os, sys
libc = ctypes.CDLL(None)
# Hostile comm: quote, comma, bracket, newline, invalid UTF-8 byte.
libc.prctl(15, ctypes.c_char_p(b'ev",1]\n\xffx'), 0, 0, 0)
d = b"/tmp/sctrace-rec/"
os.makedirs(d, exist_ok=True)
names = [
    b"plain.txt",
    b"new\nline",
    b'q"uote',
    b"com,ma",
    b"ctl\x1f\x01",
    b"bad\xff\xfeutf8",
    "caf\u00e9-\u65e5\u672c".encode(),
    b'forge",0,1,2,3,4,5,"x"]}',
    b"back\\slash\ttab",
    b"del\x7f",
    b"L" * 255,
]
for n in names:
    try:
        fd = os.open(d + n, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as e:
        print("open failed", n, e, file=sys.stderr)
